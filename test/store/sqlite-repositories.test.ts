import { sqliteDatabase } from './databases';
import { describeRepositorySuite } from './repository-suite';

describe('store repositories on SQLite', () => {
  describeRepositorySuite(sqliteDatabase);
});
