import { postgresDatabase } from './databases';
import { describeRepositorySuite } from './repository-suite';

describe('store repositories on PostgreSQL (127.0.0.1:5432, database test)', () => {
  describeRepositorySuite(postgresDatabase);
});
