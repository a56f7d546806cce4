import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DependencyError, KefuError } from '../core/errors';
import { STORE_ENTITIES } from './entities';
import { withMigrationLock } from './migration-lock';
import { STORE_MIGRATIONS } from './migrations';

/** Options for {@link createDataSource}. */
export interface DataSourceExtras {
  /** PostgreSQL schema to use (e.g. a unique one per test run). Also read from `?schema=` in the URL. */
  schema?: string;
  /** Run pending migrations when initialising. @defaultValue true */
  migrationsRun?: boolean;
  /** typeorm SQL logging. @defaultValue false */
  logging?: boolean;
}

/** The database families kefu supports. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

/** Which database family a `DATABASE_URL` points at. */
export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  if (/^(mysql|mariadb):\/\//.test(databaseUrl)) return 'mysql';
  throw new KefuError(
    'DATABASE_URL_INVALID',
    `Unsupported DATABASE_URL '${redactUrl(databaseUrl)}'.`,
    'use sqlite:<file>, postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db or mariadb://…',
  );
}

/** The URL with any password replaced by `***` (safe for messages and logs). */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/**
 * Builds typeorm options for a `DATABASE_URL` without connecting.
 *
 * @example
 * dataSourceOptions('sqlite:./data/kefu.sqlite'); // better-sqlite3, WAL
 */
export function dataSourceOptions(databaseUrl: string, extras: DataSourceExtras = {}): DataSourceOptions {
  const common = {
    entities: STORE_ENTITIES,
    migrations: STORE_MIGRATIONS,
    migrationsRun: extras.migrationsRun ?? true,
    migrationsTableName: 'kefu_migrations',
    synchronize: false,
    logging: extras.logging ?? false,
  } as const;
  const kind = databaseKind(databaseUrl);
  if (kind === 'sqlite') {
    const file = resolve(databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
    mkdirSync(dirname(file), { recursive: true });
    // WAL with synchronous=NORMAL: a commit no longer waits for fsync (better-sqlite3 runs on the event loop, so
    // each fsync stalled every shopper); the database stays consistent, a power cut may lose the last commits.
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      timeout: 5000,
      prepareDatabase: (db: { pragma(source: string): unknown }) => void db.pragma('synchronous = NORMAL'),
    };
  }
  if (kind === 'postgres') {
    const parsed = new URL(databaseUrl);
    const schema = extras.schema ?? parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    if (schema === undefined) return { ...common, type: 'postgres', url: parsed.toString() };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw new KefuError(
        'DATABASE_URL_INVALID',
        `Invalid PostgreSQL schema name '${schema}'.`,
        'use letters, digits and underscores only.',
      );
    }
    // search_path too, so raw SQL (and tools) see the same tables as the entities.
    return { ...common, type: 'postgres', url: parsed.toString(), schema, extra: { options: `-c search_path=${schema}` } };
  }
  const type = databaseUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql';
  const url = databaseUrl.replace(/^mariadb:/, 'mysql:');
  return { ...common, type, url, charset: 'utf8mb4_unicode_ci', timezone: 'Z' };
}

/**
 * Connects to the database behind `databaseUrl` and applies pending migrations.
 *
 * Forms: `sqlite:<path>` (file and parent folder created, WAL mode), `postgres://…`,
 * `mysql://…` / `mariadb://…` (utf8mb4, so Chinese and emoji are stored intact).
 *
 * @example
 * const ds = await createDataSource('sqlite:./data/kefu.sqlite');
 * const users = new TypeormUserDirectory(ds);
 */
export async function createDataSource(databaseUrl: string, extras: DataSourceExtras = {}): Promise<DataSource> {
  const options = dataSourceOptions(databaseUrl, extras);
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new DependencyError(
      'Database',
      `cannot open ${redactUrl(databaseUrl)} (${(err as Error).message}).`,
      'check DATABASE_URL (host, port, user, password, database name) and that the database server is running; unset DATABASE_URL to use the embedded SQLite file.',
      { cause: err },
    );
  }
  widenLongText(dataSource);
  if (options.migrationsRun) await runMigrations(dataSource, databaseUrl);
  return dataSource;
}

/**
 * Columns that may hold more than MySQL's 64 KB `text`: LONGTEXT on MySQL/MariaDB (their migrations create them so),
 * plain text elsewhere. Entity decorators are the same for every database, so the metadata is widened here.
 */
const LONG_TEXT_COLUMNS: readonly [table: string, column: string][] = [['kefu_flow_version', 'files']];

function widenLongText(dataSource: DataSource): void {
  const type = dataSource.driver.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return;
  for (const [table, column] of LONG_TEXT_COLUMNS) {
    const meta = dataSource.entityMetadatas.find((m) => m.tableName === table);
    const col = meta?.columns.find((c) => c.databaseName === column);
    if (col) col.type = 'longtext';
  }
}

async function runMigrations(dataSource: DataSource, databaseUrl: string): Promise<void> {
  try {
    await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    throw new KefuError(
      'DATABASE_MIGRATION_FAILED',
      `A database migration failed on ${redactUrl(databaseUrl)}: ${(err as Error).message}`,
      'check that the database user may create tables and indexes, and that no other tool changed kefu_* tables; see docs/storage.md.',
      { cause: err },
    );
  }
}
