import type { DataSource } from 'typeorm';

const PG_LOCK_ID = 4_801_736_921; // arbitrary, constant: "kefu migrations"
const MYSQL_LOCK_NAME = 'kefu_migrations';

/**
 * Runs `fn` while holding a database-wide lock, so that several kefu processes starting at
 * once apply migrations one after the other (the later ones find nothing pending).
 * PostgreSQL: a session advisory lock; MySQL/MariaDB: `GET_LOCK`; SQLite: no lock needed
 * (one process per file).
 */
export async function withMigrationLock<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  const type = dataSource.options.type;
  if (type !== 'postgres' && type !== 'mysql' && type !== 'mariadb') return fn();
  const runner = dataSource.createQueryRunner();
  try {
    if (type === 'postgres') await runner.query('SELECT pg_advisory_lock($1)', [PG_LOCK_ID]);
    else await runner.query('SELECT GET_LOCK(?, 120) AS locked', [MYSQL_LOCK_NAME]);
    try {
      return await fn();
    } finally {
      if (type === 'postgres') await runner.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_ID]);
      else await runner.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
