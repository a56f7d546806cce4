import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DependencyError, KefuError } from '../../src/core/errors';
import { createDataSource, databaseKind, dataSourceOptions, redactUrl } from '../../src/store/data-source';
import { STORE_MIGRATIONS } from '../../src/store/migrations';
import { mariadbDatabase, postgresDatabase, type TestDatabase } from './databases';

describe('createDataSource', () => {
  it('recognises the DATABASE_URL forms', () => {
    expect(databaseKind('sqlite:./data/kefu.sqlite')).toBe('sqlite');
    expect(databaseKind('postgres://u@h/db')).toBe('postgres');
    expect(databaseKind('postgresql://u@h/db')).toBe('postgres');
    expect(databaseKind('mysql://u@h/db')).toBe('mysql');
    expect(databaseKind('mariadb://u@h/db')).toBe('mysql');
    expect(() => databaseKind('mongodb://u:pw@h/db')).toThrow(KefuError);
    expect(() => databaseKind('mongodb://u:pw@h/db')).not.toThrow(/pw/);
  });

  it('builds driver options: utf8mb4 for MySQL/MariaDB, schema and search_path for PostgreSQL', () => {
    expect(dataSourceOptions('mariadb://root@h:3306/shop')).toMatchObject({
      type: 'mariadb',
      charset: 'utf8mb4_unicode_ci',
      url: 'mysql://root@h:3306/shop',
      synchronize: false,
      migrationsRun: true,
    });
    expect(dataSourceOptions('mysql://root@h:3306/shop')).toMatchObject({ type: 'mysql', charset: 'utf8mb4_unicode_ci' });
    expect(dataSourceOptions('postgres://u@h/db?schema=kefu')).toMatchObject({
      type: 'postgres',
      schema: 'kefu',
      extra: { options: '-c search_path=kefu' },
    });
    expect(() => dataSourceOptions('postgres://u@h/db', { schema: 'x; drop' })).toThrow(/schema name/);
  });

  it('redacts passwords', () => {
    expect(redactUrl('postgres://kefu:s3cret@db:5432/kefu')).toBe('postgres://kefu:***@db:5432/kefu');
    expect(redactUrl('sqlite:./data/kefu.sqlite')).toBe('sqlite:./data/kefu.sqlite');
  });

  it('creates the SQLite file and its folder, in WAL mode without an fsync per commit (synchronous=NORMAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-ds-'));
    const file = join(dir, 'a', 'b', 'kefu.sqlite');
    const ds = await createDataSource(`sqlite:${file}`);
    try {
      expect(existsSync(file)).toBe(true);
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly, without the password, when the database is unreachable', async () => {
    const err = await createDataSource('postgres://kefu:topsecretpw@127.0.0.1:1/kefu').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).toContain('DATABASE_URL');
    expect((err as Error).message).not.toContain('topsecretpw');
  });

  it('also accepts mysql:// for a MariaDB server', async () => {
    const db = await mariadbDatabase();
    try {
      const ds = await createDataSource(db.url.replace(/^mariadb:/, 'mysql:'));
      try {
        expect(ds.options.type).toBe('mysql');
        const rows = await ds.query('SELECT name FROM kefu_migrations');
        expect(rows).toHaveLength(STORE_MIGRATIONS.length);
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop();
    }
  });

  it.each([
    ['PostgreSQL', postgresDatabase],
    ['MariaDB', mariadbDatabase],
  ])(
    'lets several processes start at once on a fresh %s database (migrations applied once)',
    async (_name, prepare: () => Promise<TestDatabase>) => {
      const db = await prepare();
      try {
        const sources = await Promise.all([1, 2, 3].map(() => createDataSource(db.url, { schema: db.schema })));
        try {
          const rows = await sources[0].query('SELECT name FROM kefu_migrations');
          expect(rows).toHaveLength(STORE_MIGRATIONS.length);
        } finally {
          for (const ds of sources) await ds.destroy();
        }
      } finally {
        await db.drop();
      }
    },
  );
});
