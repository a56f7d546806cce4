import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Portable column definitions for hand-written migrations, so one migration creates the
 * same schema on SQLite, PostgreSQL and MySQL/MariaDB.
 */
export interface ColumnKit {
  /** `varchar(length)`. */
  varchar(name: string, length: number, opts?: Partial<TableColumnOptions>): TableColumnOptions;
  /** Long text, also used for simple-json columns. */
  text(name: string, opts?: Partial<TableColumnOptions>): TableColumnOptions;
  bool(name: string, dflt: boolean): TableColumnOptions;
  int(name: string, opts?: Partial<TableColumnOptions>): TableColumnOptions;
  /** Auto-increment integer primary key. */
  serial(name: string): TableColumnOptions;
  double(name: string, opts?: Partial<TableColumnOptions>): TableColumnOptions;
  /** Millisecond-precision timestamp. */
  timestamp(name: string, opts?: Partial<TableColumnOptions>): TableColumnOptions;
}

/** The column kit for the database behind `queryRunner`. */
export function columnKit(queryRunner: QueryRunner): ColumnKit {
  const type = queryRunner.connection.driver.options.type;
  const isMysql = type === 'mysql' || type === 'mariadb';
  const isPostgres = type === 'postgres';
  // MySQL/MariaDB: utf8mb4 per column, so Chinese and emoji survive whatever the database default is.
  const utf8mb4 = isMysql ? { charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } : {};
  return {
    varchar: (name, length, opts) => ({ name, type: 'varchar', length: String(length), ...utf8mb4, ...opts }),
    text: (name, opts) => ({ name, type: 'text', ...utf8mb4, ...opts }),
    bool: (name, dflt) => ({ name, type: isMysql ? 'tinyint' : 'boolean', default: isPostgres ? String(dflt) : dflt ? 1 : 0 }),
    int: (name, opts) => ({ name, type: isMysql ? 'int' : 'integer', ...opts }),
    serial: (name) => ({
      name,
      type: isMysql ? 'int' : 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
    double: (name, opts) => ({ name, type: 'double precision', ...opts }),
    timestamp: (name, opts) => ({
      name,
      type: isPostgres ? 'timestamp' : 'datetime',
      precision: 3,
      ...opts,
    }),
  };
}
