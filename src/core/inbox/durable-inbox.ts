import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { InboundHandler } from '../channel-adapter';
import type { Logger } from '../log';
import { conversationKey, type InboundMessage } from '../message';

/** Options of {@link DurableInbox}. */
export interface DurableInboxOptions {
  /** Commands go through it; blocking reads use a duplicate of it. */
  redis: Redis;
  /** Redis stream key, e.g. `kefu:inbox:wechat-official`. One per channel. */
  key: string;
  logger: Logger;
  /** Consumer group shared by every kefu process. @defaultValue 'kefu' */
  group?: string;
  /** This process's consumer name. @defaultValue `<hostname>-<pid>-<random>` */
  consumer?: string;
  /** Turns run at once by this process; more wait in Redis. @defaultValue 32 */
  concurrency?: number;
  /** An entry taken but not finished for this long is taken over (its process died). @defaultValue 60_000 */
  claimIdleMs?: number;
  /** The stream is trimmed to about this many entries. @defaultValue 100_000 */
  maxLength?: number;
  /** How long one blocking read waits (bounds how fast stop() returns). @defaultValue 250 */
  blockMs?: number;
}

type StreamEntry = [id: string, fields: string[]];

/** What a script needs to keep messages in a {@link DurableInbox} (see {@link DurableInbox.entriesFor}). */
export interface InboxEntries {
  /** The inbox's stream key. */
  key: string;
  /** Approximate MAXLEN to trim the stream to. */
  maxLength: number;
  /** One serialised message per entry (field `m`). */
  entries: string[];
}

/**
 * Inbound messages that were acknowledged to the platform before their turn ran (WeChat webhooks answer at
 * once; 微信客服 pulls in batches): kept in a Redis stream until a turn has handled them, so a crash or a
 * restart loses none, and turns run at a bounded concurrency by whichever kefu process is free (a consumer
 * group). One process runs the messages of one conversation in order. Entries a dead process had taken are
 * taken over after `claimIdleMs`. A turn that throws is logged
 * and dropped (the core records turns; retrying a half-run turn would answer twice).
 *
 * @example
 * const inbox = new DurableInbox({ redis, key: 'kefu:inbox:wechat-official', logger });
 * inbox.start((message) => bot.handle(message).then(() => undefined));
 * await inbox.add([message]); // then answer the platform "success"
 */
export class DurableInbox {
  private readonly group: string;
  private readonly consumer: string;
  private readonly concurrency: number;
  private readonly claimIdleMs: number;
  private readonly maxLength: number;
  private readonly blockMs: number;
  private reader?: Redis;
  private handler?: InboundHandler;
  private running = false;
  private loop?: Promise<void>;
  private readonly inflight = new Set<Promise<void>>();
  /** Entry ids this process is handling (never dispatched twice here, even when a long turn gets claimed). */
  private readonly inflightIds = new Set<string>();
  /** The last task of each conversation, so its next message waits for it. */
  private readonly tails = new Map<string, Promise<void>>();
  private lastClaimAt = 0;
  private emptyReads = 0;

  constructor(private readonly options: DurableInboxOptions) {
    this.group = options.group ?? 'kefu';
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.concurrency = Math.max(1, options.concurrency ?? 32);
    this.claimIdleMs = options.claimIdleMs ?? 60_000;
    this.maxLength = options.maxLength ?? 100_000;
    this.blockMs = options.blockMs ?? 250;
  }

  /**
   * The stream entries that keep `messages`, for a caller that adds them inside a Lua script of its own
   * (e.g. together with its dedupe claim, in one round trip): run
   * `XADD <key> MAXLEN ~ <maxLength> * m <entry>` for each entry, in order. {@link add} does the same.
   */
  entriesFor(messages: readonly InboundMessage[]): InboxEntries {
    return { key: this.options.key, maxLength: this.maxLength, entries: messages.map((m) => JSON.stringify(m)) };
  }

  /** Keep messages until a turn handles them. Resolves once Redis has them (then acknowledge the platform). */
  async add(messages: readonly InboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { key, maxLength, entries } = this.entriesFor(messages);
    const pipeline = this.options.redis.pipeline();
    for (const entry of entries) pipeline.xadd(key, 'MAXLEN', '~', maxLength, '*', 'm', entry);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Start handling kept messages (this process's share of them). */
  async start(handler: InboundHandler): Promise<void> {
    if (this.running) return;
    this.handler = handler;
    await this.ensureGroup();
    this.reader = this.options.redis.duplicate();
    this.running = true;
    this.loop = this.run();
  }

  /** Stop taking messages and wait for the turns in flight; the rest stay in Redis for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.loop;
    await Promise.allSettled([...this.inflight]);
    this.reader?.disconnect();
    this.reader = undefined;
  }

  /** Resolves when this process has nothing in flight and its last read found nothing new (tests, shutdown). */
  async idle(): Promise<void> {
    const seen = this.emptyReads;
    while (this.running && (this.inflight.size > 0 || this.emptyReads <= seen)) {
      const tick = new Promise((r) => setTimeout(r, 10));
      await (this.inflight.size > 0 ? Promise.race([Promise.allSettled([...this.inflight]), tick]) : tick);
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.options.redis.xgroup('CREATE', this.options.key, this.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.inflight.size >= this.concurrency) {
          await Promise.race(this.inflight);
          continue;
        }
        const entries = [...(await this.takeOver()), ...(await this.read(this.concurrency - this.inflight.size))];
        if (entries.length === 0) this.emptyReads += 1;
        for (const entry of entries) this.dispatch(entry);
      } catch (err) {
        if (!this.running) break;
        this.options.logger.error({ err, key: this.options.key }, 'inbox read failed; retrying in 1 s');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async read(count: number): Promise<StreamEntry[]> {
    const reply = (await this.reader!.xreadgroup(
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      count,
      'BLOCK',
      this.blockMs,
      'STREAMS',
      this.options.key,
      '>',
    )) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  /** Entries another (dead) process took and never finished, checked at most every claimIdleMs / 2. */
  private async takeOver(): Promise<StreamEntry[]> {
    const now = Date.now();
    if (now - this.lastClaimAt < this.claimIdleMs / 2) return [];
    this.lastClaimAt = now;
    const { redis, key } = this.options;
    const pending = (await redis.xpending(key, this.group, 'IDLE', this.claimIdleMs, '-', '+', 100)) as [string, string, number, number][];
    const ids = pending.filter(([, owner]) => owner !== this.consumer).map(([id]) => id);
    if (ids.length === 0) return [];
    const claimed = ((await redis.xclaim(key, this.group, this.consumer, this.claimIdleMs, ...ids)) as (StreamEntry | null)[]).filter(
      (e): e is StreamEntry => Array.isArray(e),
    );
    if (claimed.length > 0)
      this.options.logger.warn({ key, count: claimed.length }, 'inbox took over messages a stopped process left unfinished');
    return claimed;
  }

  /** Runs one entry; entries of one conversation run one after another, in stream order. */
  private dispatch([id, fields]: StreamEntry): void {
    if (this.inflightIds.has(id)) return;
    this.inflightIds.add(id);
    const message = parseEntry(fields);
    const key = message ? conversationKey(message.ref) : id;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const task = previous
      .then(() => this.handle(id, message))
      .finally(() => {
        this.inflight.delete(task);
        this.inflightIds.delete(id);
        if (this.tails.get(key) === task) this.tails.delete(key);
      });
    this.tails.set(key, task);
    this.inflight.add(task);
  }

  private async handle(id: string, message: InboundMessage | undefined): Promise<void> {
    try {
      if (!message) throw new Error('entry without a readable message');
      await this.handler!(message);
    } catch (err) {
      this.options.logger.error({ err, key: this.options.key, entry: id }, 'inbox message not handled; dropped (see the error)');
    }
    await this.options.redis.pipeline().xack(this.options.key, this.group, id).xdel(this.options.key, id).exec();
  }
}

/** The message of a stream entry, or undefined when the entry is damaged. */
function parseEntry(fields: string[]): InboundMessage | undefined {
  const raw = fields[fields.indexOf('m') + 1];
  try {
    return raw === undefined ? undefined : (JSON.parse(raw) as InboundMessage);
  } catch {
    return undefined;
  }
}
