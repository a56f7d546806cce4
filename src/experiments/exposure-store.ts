import type { DataSource } from 'typeorm';
import type { ExposureNote } from '../flows/runtime/variant-choice';
import { ExperimentExposureEntity } from '../store/entities/experiment-exposure.entity';
import { isUniqueViolation, StoreRunner } from '../store/store-runner';

/** Shoppers remembered per process as already recorded (beyond it the database's primary key still keeps one row). */
const SEEN_LIMIT = 100_000;

/** One recorded exposure, as the results read it. */
export interface ExposureRow {
  userId: string;
  variant: string;
  share: number;
  exposedAt: number;
}

/**
 * Who saw which variant of an experiment (table `kefu_experiment_exposure`): one row per experiment and shopper,
 * the first time only — later turns, other processes and restarts add nothing (primary key + a per-process memory).
 * `record` never throws into a turn: call it from the engine's `onExposure` and `flush()` before reading in tests.
 *
 * @example
 * const exposures = new TypeormExposures(dataSource);
 * new FlowEngine({ …, onExposure: (note) => exposures.record(note) });
 */
export class TypeormExposures {
  private readonly runner: StoreRunner;
  private readonly seen = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    store: DataSource | StoreRunner,
    private readonly onError: (err: unknown, note: ExposureNote) => void = () => undefined,
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** Records the exposure unless this shopper's first one for the experiment is already stored. */
  record(note: ExposureNote): void {
    const key = `${note.experimentId}\u0000${note.userId}`;
    if (this.seen.has(key)) return;
    if (this.seen.size >= SEEN_LIMIT) this.seen.clear();
    this.seen.add(key);
    const work = this.insert(note).catch((err) => {
      this.seen.delete(key);
      this.onError(err, note);
    });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Waits for the writes under way. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Every exposure of an experiment. */
  async of(experimentId: string): Promise<ExposureRow[]> {
    const rows = await this.runner.read((em) => em.find(ExperimentExposureEntity, { where: { experimentId } }));
    return rows.map((r) => ({ userId: r.userId, variant: r.variant, share: r.share, exposedAt: r.exposedAt.getTime() }));
  }

  /** Exposures per variant of every experiment (the list page's counts). */
  async counts(): Promise<Map<string, Map<string, number>>> {
    const rows = await this.runner.read((em) =>
      em
        .createQueryBuilder(ExperimentExposureEntity, 'e')
        .select('e.experimentId', 'experimentId')
        .addSelect('e.variant', 'variant')
        .addSelect('COUNT(*)', 'n')
        .groupBy('e.experimentId')
        .addGroupBy('e.variant')
        .getRawMany<{ experimentId: string; variant: string; n: string | number }>(),
    );
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const per = out.get(r.experimentId) ?? new Map<string, number>();
      per.set(r.variant, Number(r.n));
      out.set(r.experimentId, per);
    }
    return out;
  }

  private async insert(note: ExposureNote): Promise<void> {
    try {
      await this.runner.transaction((em) =>
        em.insert(ExperimentExposureEntity, {
          experimentId: note.experimentId.slice(0, 64),
          userId: note.userId.slice(0, 191),
          variant: note.variant.slice(0, 32),
          share: note.share,
          flowId: note.flowId.slice(0, 64),
          channel: note.channel.slice(0, 64),
          exposedAt: new Date(note.at),
        }),
      );
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another process (or an earlier run) recorded this shopper first
    }
  }
}
