import { mariadbDatabase } from './databases';
import { describeRepositorySuite } from './repository-suite';

describe('store repositories on MariaDB (127.0.0.1:3306)', () => {
  describeRepositorySuite(mariadbDatabase);
});
