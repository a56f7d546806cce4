import type { DataSource } from 'typeorm';
import type { Logger } from '../core/log';
import { ShopperFeaturesEntity } from '../store/entities/shopper-features.entity';
import type { RawFeatures } from './derive-features';
import { deriveFeatures } from './derive-features';
import type { FeatureStore } from './feature-store';

/** Options of {@link FeatureSnapshots}. */
export interface FeatureSnapshotsOptions {
  store: FeatureStore;
  dataSource: DataSource;
  logger: Logger;
  /** How often changed shoppers are written. @defaultValue 60_000 */
  intervalMs?: number;
  /** Shoppers per database write. @defaultValue 500 */
  batchSize?: number;
}

/**
 * Makes the hot features durable: every `intervalMs` the shoppers changed since the last run (the set
 * `<prefix>:pf:dirty`, filled by the apply script) get their aggregates and features upserted into
 * `kefu_shopper_features`. Any process may run it; SPOP hands each shopper to one. A failed write puts the
 * shoppers back for the next run.
 *
 * @example
 * const snapshots = new FeatureSnapshots({ store, dataSource, logger });
 * snapshots.start();
 */
export class FeatureSnapshots {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly options: FeatureSnapshotsOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), this.options.intervalMs ?? 60_000);
    this.timer.unref();
  }

  /** Stop the timer and write what is still changed. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }

  /** Write every changed shopper now; returns how many. */
  async flush(now = Date.now()): Promise<number> {
    this.running ??= this.write(now).finally(() => (this.running = undefined));
    return this.running;
  }

  /** The last snapshot of a shopper's aggregates, if any. */
  async load(userId: string): Promise<{ raw: RawFeatures; updatedAt: Date } | undefined> {
    const row = await this.options.dataSource.getRepository(ShopperFeaturesEntity).findOneBy({ userId });
    return row ? { raw: JSON.parse(row.state) as RawFeatures, updatedAt: row.updatedAt } : undefined;
  }

  private async write(now: number): Promise<number> {
    const { store, dataSource, logger } = this.options;
    const dirty = store.keys.dirty();
    let written = 0;
    for (;;) {
      const users = (await store.redis.spop(dirty, this.options.batchSize ?? 500)) as string[];
      if (users.length === 0) return written;
      try {
        const raws = await store.raw(users);
        const rows = raws.map((raw) => ({
          userId: raw.userId,
          state: JSON.stringify(raw),
          features: JSON.stringify(deriveFeatures(raw, now, store.deriveOptions)),
          updatedAt: new Date(now),
        }));
        await dataSource.getRepository(ShopperFeaturesEntity).upsert(rows, ['userId']);
        written += rows.length;
      } catch (err) {
        await store.redis.sadd(dirty, ...users).catch(() => undefined);
        logger.warn({ err, shoppers: users.length }, 'feature snapshot not written; retrying on the next run');
        throw err;
      }
    }
  }
}
