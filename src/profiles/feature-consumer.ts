import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../core/log';
import type { KefuEvent } from '../events/event';
import type { EventStreams } from '../events/event-streams';
import { ingestEvents, type IngestDeps } from '../events/ingest';
import type { FeatureStore } from './feature-store';
import type { FeatureChange, FeatureListener } from './features';
import type { ConsumedEntry } from './stream-events';
import { StreamReader } from './stream-reader';

/** What one consumed batch did (for metrics and the benchmark). */
export interface BatchReport {
  /** Stream entries read (one entry from POST /events packs many events). */
  entries: number;
  /** Events in them; `applied + duplicates + invalid`. */
  events: number;
  applied: number;
  duplicates: number;
  invalid: number;
  /** Per applied event: ms from XADD (the entry id's time) to its features being visible. */
  lagsMs: number[];
}

/** Options of {@link FeatureConsumer}. */
export interface FeatureConsumerOptions {
  streams: EventStreams;
  store: FeatureStore;
  logger: Logger;
  /** Entries from direct producers (no `o=1`) whose type it wants go to it (outreach), deduplicated as ingestion does. */
  outreach?: IngestDeps;
  /** Told after each batch with the changed shoppers' features (a listener that is slow slows the consumer). */
  listener?: FeatureListener & { size?: number };
  /** @defaultValue 'features' */
  group?: string;
  /** @defaultValue `<host>-<pid>-<random>` */
  consumer?: string;
  /** About how many events a read takes from each partition (entries pack several). @defaultValue 500 */
  batchSize?: number;
  /** @defaultValue 250 */
  blockMs?: number;
  /** Entries a dead consumer left unacknowledged this long are claimed by another. @defaultValue 30_000 */
  claimIdleMs?: number;
  /** Entries older than this are trimmed from the streams (checked every minute). @defaultValue 30 days */
  retentionMs?: number;
  onBatch?: (report: BatchReport) => void;
}

/**
 * Consumes the behaviour event streams into the hot features: a consumer group `features` on every partition, so
 * any number of kefu worker processes share the work, each event counted once. Per batch (about 500 events per
 * partition; entries from POST /events pack many events, see EventStreams): one Lua script call per 1,000 events
 * dedupes and applies them atomically (FeatureStore.apply), then the listeners hear the changes, then the entries
 * are acknowledged (the next batch is read meanwhile); a consumer killed before the XACK leaves them pending, another
 * claims them after `claimIdleMs`, the dedupe marks keep them from counting twice and the listeners hear them again.
 *
 * @example
 * const consumer = new FeatureConsumer({ streams, store, logger, outreach: { redis, prefix, handler: core.events } });
 * await consumer.start();
 */
export class FeatureConsumer {
  private reader?: StreamReader;
  private running = false;
  private loop?: Promise<void>;
  private lastTrimAt = 0;
  private emptyReads = 0;

  constructor(private readonly options: FeatureConsumerOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    const { streams, store } = this.options;
    this.reader = new StreamReader({
      redis: store.redis,
      keys: streams.keys(),
      group: this.options.group ?? 'features',
      consumer: this.options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      count: this.options.batchSize ?? 500,
      blockMs: this.options.blockMs ?? 250,
      claimIdleMs: this.options.claimIdleMs ?? 30_000,
    });
    await this.reader.open();
    this.running = true;
    this.loop = this.run();
  }

  /** Stop after the batch in hand (it is acknowledged first). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.loop;
    this.reader?.close();
  }

  /** Resolves once a read found nothing new (tests). */
  async idle(): Promise<void> {
    const seen = this.emptyReads;
    while (this.running && this.emptyReads <= seen) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Reads the next batch while the previous one is applied (Redis runs the script while Node parses the next
   * entries); batches are still applied one after the other, each acknowledged after it was applied.
   */
  private async run(): Promise<void> {
    let inFlight: Promise<void> | undefined;
    while (this.running) {
      try {
        const entries = await this.reader!.next();
        await inFlight;
        inFlight = undefined;
        if (entries.length === 0) this.emptyReads += 1;
        else
          inFlight = this.consume(entries).then(
            () => undefined,
            (err: unknown) => this.failed(err),
          );
        await this.trim();
      } catch (err) {
        if (!this.running) break;
        await this.failed(err);
      }
    }
    await inFlight;
  }

  private async failed(err: unknown): Promise<void> {
    this.options.logger.error({ err }, 'behaviour events not consumed; retrying in 1 s (they stay pending)');
    await new Promise((r) => setTimeout(r, 1000));
  }

  /**
   * Apply, hand direct producers' events to outreach, tell the listeners, acknowledge. `entries` are the events
   * read (StreamReader); an entry is acknowledged only when none of its events is left for outreach to retry.
   * The listeners hear the newly applied events and, of entries claimed from a consumer that died before its XACK,
   * also the events that consumer already applied (it may have died before telling; predictions have deterministic
   * job ids and a cooldown claim, so hearing an event twice schedules nothing twice).
   */
  async consume(entries: readonly ConsumedEntry[]): Promise<BatchReport> {
    const invalid = entries.filter((e) => !e.event);
    for (const e of invalid) this.options.logger.warn({ stream: e.stream, entry: e.id, reason: e.problem }, 'behaviour event dropped');
    const usable = await this.resolved(entries.filter((e) => e.event));
    const flags = await this.options.store.apply(usable.map((e) => e.event!));
    const visibleAt = Date.now();
    const retry = await this.toOutreach(usable.filter((e) => !e.outreachDone));
    const applied = usable.filter((_, i) => flags[i]);
    await this.tell(toTell(usable, flags));
    const keep = new Set([...retry].map(entryKey));
    await this.reader!.ack(keep.size === 0 ? entries : entries.filter((e) => !keep.has(entryKey(e))));
    const report: BatchReport = {
      entries: entryCount(entries),
      events: entries.length,
      applied: applied.length,
      duplicates: usable.length - applied.length,
      invalid: entries.length - usable.length,
      lagsMs: lags(applied, visibleAt),
    };
    this.options.onBatch?.(report);
    return report;
  }

  /** Direct producers may send the shop's customerId: resolved here (dropped when nobody can resolve it). */
  private async resolved(entries: ConsumedEntry[]): Promise<ConsumedEntry[]> {
    const customers = this.options.outreach?.customers;
    const out: ConsumedEntry[] = [];
    for (const entry of entries) {
      const event = entry.event!;
      if (event.userId === '' && event.customerId !== undefined) {
        if (!customers) {
          this.options.logger.warn({ entry: entry.id }, 'behaviour event dropped: customerId without a resolver; send userId');
          continue;
        }
        event.userId = (await customers.customerUser(event.customerId)).id;
      }
      out.push(entry);
    }
    return out;
  }

  /** Entries outreach could not handle now (left unacknowledged: claimed and tried again later). */
  private async toOutreach(entries: readonly ConsumedEntry[]): Promise<Set<ConsumedEntry>> {
    const retry = new Set<ConsumedEntry>();
    const deps = this.options.outreach;
    if (!deps) return retry;
    const wanted = entries.filter((e) => !deps.handler.wants || deps.handler.wants(e.event!.type));
    if (wanted.length === 0) return retry;
    const result = await ingestEvents(
      deps,
      wanted.map((e) => ({ ...e.event!, customerId: undefined })),
    );
    for (const r of result.rejected) {
      if (r.retryable) retry.add(wanted[r.index]!);
      else this.options.logger.warn({ entry: wanted[r.index]!.id, reason: r.reason }, 'behaviour event not usable by outreach');
    }
    return retry;
  }

  private async tell(events: readonly KefuEvent[]): Promise<void> {
    const listener = this.options.listener;
    if (!listener || listener.size === 0 || events.length === 0) return;
    const byUser = new Map<string, KefuEvent[]>();
    for (const e of events) {
      const mine = byUser.get(e.userId);
      if (mine) mine.push(e);
      else byUser.set(e.userId, [e]);
    }
    const users = [...byUser.keys()];
    const features = await this.options.store.featuresOf(users);
    const changes: FeatureChange[] = users.map((userId, i) => ({
      userId,
      events: byUser
        .get(userId)!
        .sort((a, b) => a.at - b.at)
        .map(({ id, type, at, payload }) => ({ id, type, at, payload })),
      features: features[i]!,
    }));
    try {
      await listener.onFeatures(changes);
    } catch (err) {
      this.options.logger.warn({ err }, 'a feature listener failed; the features are kept');
    }
  }

  /** Drop entries older than the retention, at most once a minute. */
  private async trim(): Promise<void> {
    const now = Date.now();
    if (now - this.lastTrimAt < 60_000) return;
    this.lastTrimAt = now;
    const minId = `${now - (this.options.retentionMs ?? 30 * 86_400_000)}-0`;
    const redis = this.options.store.redis;
    const pipeline = redis.pipeline();
    for (const key of this.options.streams.keys()) pipeline.xtrim(key, 'MINID', '~', minId);
    await pipeline.exec();
  }
}

/** The events to tell the listeners about: the newly applied ones, and those of redelivered entries (each id once). */
function toTell(usable: readonly ConsumedEntry[], flags: readonly boolean[]): KefuEvent[] {
  const out: KefuEvent[] = [];
  const ids = new Set<string>();
  for (const [i, e] of usable.entries()) {
    if (!flags[i] && !e.redelivered) continue;
    if (ids.has(e.event!.id)) continue;
    ids.add(e.event!.id);
    out.push(e.event!);
  }
  return out;
}

/** Per event: ms from its entry's XADD (the entry id's time) to `visibleAt` (computed once per entry). */
function lags(events: readonly ConsumedEntry[], visibleAt: number): number[] {
  const out = new Array<number>(events.length);
  let id = '';
  let lag = 0;
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    if (e.id !== id) {
      id = e.id;
      lag = visibleAt - Number(id.slice(0, id.indexOf('-')));
    }
    out[i] = lag;
  }
  return out;
}

/** How many stream entries the events came from (an entry's events are read one after the other). */
function entryCount(events: readonly ConsumedEntry[]): number {
  let count = 0;
  for (let i = 0; i < events.length; i += 1)
    if (i === 0 || events[i]!.id !== events[i - 1]!.id || events[i]!.stream !== events[i - 1]!.stream) count += 1;
  return count;
}

/** The stream entry an event came from. */
function entryKey(e: ConsumedEntry): string {
  return `${e.stream} ${e.id}`;
}
