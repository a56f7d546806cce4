import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs repository work against a DataSource. On SQLite every unit of work is queued,
 * because better-sqlite3 gives typeorm one shared connection: two interleaved async
 * transactions would otherwise nest into each other. Server databases use a pooled
 * transaction per call.
 *
 * @example
 * const runner = new StoreRunner(ds);
 * await runner.transaction((em) => em.save(UserEntity, user));
 */
export class StoreRunner {
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether the data source is SQLite (single connection). */
  readonly serial: boolean;

  constructor(readonly dataSource: DataSource) {
    const type = dataSource.options.type;
    this.serial = type === 'better-sqlite3' || type === 'sqlite';
  }

  /** Run `fn` inside one database transaction (rolled back if it throws). */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.dataSource.transaction(fn));
  }

  /**
   * Run `fn`, which sends one write statement (atomic on its own, e.g. a multi-row INSERT), with the plain entity
   * manager: no BEGIN and COMMIT around it (queued on SQLite). Two statements that must succeed together need
   * {@link transaction}.
   */
  statement<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => fn(this.dataSource.manager));
  }

  /** Run read-only `fn` with the plain entity manager (queued on SQLite). */
  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => fn(this.dataSource.manager));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serial) return work();
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Whether `err` is a unique-constraint violation on any supported database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return (
    code === '23505' ||
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 ||
    (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Whether `err` is a deadlock or serialisation failure worth retrying. */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === '40P01' || code === '40001' || code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'SQLITE_BUSY';
}
