/**
 * Test databases for the repository suite: a temp SQLite file, a unique PostgreSQL schema
 * in database `test`, a unique MariaDB database. Each is removed after the run. An
 * unreachable server fails the suite with a message saying what to start.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** A database prepared for one test run. */
export interface TestDatabase {
  name: string;
  url: string;
  /** PostgreSQL schema to pass to createDataSource. */
  schema?: string;
  /** Several data sources on it may race each other (false for SQLite: one process per file). */
  multiConnection: boolean;
  drop(): Promise<void>;
}

const runId = (): string => `kefu_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** A fresh SQLite file in a temp folder (the folder itself is created by createDataSource). */
export async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sqlite-'));
  return {
    name: 'SQLite',
    url: `sqlite:${join(dir, 'nested', 'kefu.sqlite')}`,
    multiConnection: false,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A unique schema in PostgreSQL 127.0.0.1:5432, database `test`, user `postgres`. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = runId();
  const admin = new DataSource({ type: 'postgres', url, connectTimeoutMS: 3000 });
  try {
    await admin.initialize();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres): ${(err as Error).message}. Start it (e.g. \`service postgresql start\`).`,
    );
  }
  await admin.query(`CREATE SCHEMA "${schema}"`);
  return {
    name: 'PostgreSQL',
    url,
    schema,
    multiConnection: true,
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.destroy();
    },
  };
}

/**
 * A unique database in MariaDB 127.0.0.1:3306 (root, no password). Created with a latin1
 * default on purpose: kefu's migration must still store Chinese and emoji (utf8mb4 columns).
 */
export async function mariadbDatabase(): Promise<TestDatabase> {
  const name = runId();
  const admin = new DataSource({ type: 'mariadb', host: '127.0.0.1', port: 3306, username: 'root', connectTimeout: 3000 });
  try {
    await admin.initialize();
  } catch (err) {
    throw new Error(
      `MariaDB is not reachable at 127.0.0.1:3306 (user root, no password): ${(err as Error).message}. Start it (e.g. \`service mariadb start\`).`,
    );
  }
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
  return {
    name: 'MariaDB',
    url: `mariadb://root@127.0.0.1:3306/${name}`,
    multiConnection: true,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}
