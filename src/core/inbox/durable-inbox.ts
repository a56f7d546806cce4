import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { InboundHandler } from '../channel-adapter';
import { conversationKey, type InboundMessage } from '../message';
import { KefuError } from '../errors';
import { DEFAULT_CLAIM_LEASE_SECONDS } from '../message-claims';
import { createConsumerGroup, isMissingGroup } from './consumer-group';
import { giveBack } from './give-back';
import { HeldEntries } from './held-entries';
import { InboxHealthTracker, type InboxHealth } from './inbox-health';
import type { DurableInboxOptions, InboxEntries } from './inbox-options';
import { parseEntry, type StreamEntry, type TakenEntry } from './stream-entry';

export type { DurableInboxOptions, InboxEntries } from './inbox-options';

/**
 * Inbound messages that were acknowledged to the platform before their turn ran (WeChat webhooks answer at
 * once; 微信客服 pulls in batches): kept in a Redis stream until a turn has handled them, so a crash or a
 * restart loses none, and turns run at a bounded concurrency by whichever kefu process is free (a consumer
 * group). One process runs the messages of one conversation in order. An entry is acknowledged when its turn
 * has finished; entries a dead process had taken are taken over after `claimIdleMs` and run again (the bot's
 * message claims and reply marks keep a re-run from answering twice). The entries this process holds (running, or
 * waiting behind an earlier message of their conversation) are kept fresh (idle time reset every `claimIdleMs / 3`),
 * so no other process takes them over and runs them out of order while this one is alive; once a turn has run for
 * `claimIdleMs` (maybe hung, maybe dead) its entry and those behind it are left for another process to look at.
 *
 * Who runs a message is decided by its message claim, not by the stream: a live turn renews its claim however long it
 * runs (and its conversation lock), and its claim lapses only when its process died. So when the handler answers
 * `running_elsewhere` (the claim is held by a live run), the entry is not acknowledged: it and the entries of its
 * conversation taken here within the next `claimIdleMs` (behind it, or in a later take-over) are given back, unrun,
 * to the consumer they were taken from, with their delivery counts as before
 * ({@link giveBack}), and that run finishes them (acknowledges, or retries when its turn throws), in order. A message
 * is never acknowledged while another run still holds it, never run twice while its process is alive, and after
 * a crash (claim lapsed) it runs here. A turn that throws is run again, up to `maxAttempts` runs in all, then
 * dropped; every drop is logged with its `reason` and the message id, and so is a failed turn whose entry another
 * process finished meanwhile.
 * When Redis loses the stream or the consumer group (a restart without data, FLUSHALL, eviction), the group is
 * recreated at the start of the stream and reading goes on; {@link health} tells readiness whether reads work.
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
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly tracker: InboxHealthTracker;
  private readonly held: HeldEntries;
  private refreshTimer?: NodeJS.Timeout;
  private reader?: Redis;
  private handler?: InboundHandler;
  private running = false;
  private loop?: Promise<void>;
  private readonly inflight = new Set<Promise<void>>();
  /** Entry ids this process is handling (never dispatched twice here, even when a long turn gets claimed). */
  private readonly inflightIds = new Set<string>();
  /** The last task of each conversation, so its next message waits for it. */
  private readonly tails = new Map<string, Promise<void>>();
  /**
   * Conversations whose message a live turn in another process runs, and until when (a `claimIdleMs` after it was
   * seen): their entries taken here meanwhile (behind it, or taken over in a later batch) are given back unrun.
   */
  private readonly deferred = new Map<string, number>();
  private lastClaimAt = 0;
  private emptyReads = 0;
  /** The group was recreated since the last good read (a second NOGROUP in a row waits like any error). */
  private recreatedSinceRead = false;
  /** Resolves when stop() is called: ends the waits between attempts. */
  private stopSignal: Promise<void> = Promise.resolve();
  private signalStop?: () => void;

  constructor(private readonly options: DurableInboxOptions) {
    this.group = options.group ?? 'kefu';
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.concurrency = Math.max(1, options.concurrency ?? 32);
    this.claimIdleMs = options.claimIdleMs ?? 60_000;
    const leaseMs = options.messageLeaseMs ?? DEFAULT_CLAIM_LEASE_SECONDS * 1000;
    if (!(this.claimIdleMs > leaseMs))
      throw new KefuError(
        'INBOX_CLAIM_IDLE_TOO_SHORT',
        `The durable inbox ${options.key} takes over entries idle for ${this.claimIdleMs} ms, not longer than the message claim lease (${leaseMs} ms): a dead process's message would still look running when taken over and wait another ${this.claimIdleMs} ms.`,
        "set claimIdleMs longer than the lease (the defaults are 60 000 ms and 30 s), or pass the bot's claimLeaseSeconds × 1000 as messageLeaseMs.",
      );
    this.held = new HeldEntries(this.claimIdleMs);
    this.maxLength = options.maxLength ?? 100_000;
    this.blockMs = options.blockMs ?? 250;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.tracker = new InboxHealthTracker(options.unhealthyAfterMs ?? 5000);
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
    await createConsumerGroup(this.options.redis, this.options.key, this.group);
    this.reader = this.options.redis.duplicate();
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    this.running = true;
    this.loop = this.run();
    this.refreshTimer = setInterval(() => void this.refreshHeld(), Math.max(10, Math.floor(this.claimIdleMs / 3)));
    this.refreshTimer.unref();
  }

  /** Stop taking messages and wait for the turns in flight; the rest stay in Redis for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.refreshTimer);
    this.signalStop?.();
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

  /**
   * Whether this process can take kept messages: not ok once reads have been failing for `unhealthyAfterMs`.
   * Reading processes report it in `/readyz` (through their channel's `health()`, see {@link inboxChannelHealth}).
   */
  health(): InboxHealth {
    return this.tracker.view(this.running, this.inflight.size);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.inflight.size >= this.concurrency) {
          await Promise.race(this.inflight);
          continue;
        }
        const entries = [...(await this.takeOver()), ...(await this.read(this.concurrency - this.inflight.size))];
        this.tracker.readOk();
        this.recreatedSinceRead = false;
        if (entries.length === 0) this.emptyReads += 1;
        for (const entry of entries) this.dispatch(entry);
      } catch (err) {
        if (!this.running) break;
        this.tracker.readFailed(err);
        if (isMissingGroup(err) && !this.recreatedSinceRead && (await this.recreateGroup())) continue;
        const failingForMs = this.tracker.failingForMs();
        this.options.logger.error({ err, key: this.options.key, failingForMs }, 'inbox read failed; retrying in 1 s');
        await this.pause(1000);
      }
    }
  }

  /** Keeps the entries this process holds from being taken over while it runs them (see {@link HeldEntries}). */
  private async refreshHeld(): Promise<void> {
    const { redis, key, logger } = this.options;
    await this.held
      .refresh(redis, key, this.group, this.consumer)
      .catch((err: unknown) =>
        logger.warn({ err, key }, 'inbox entries held here not kept fresh; another process may take them over after claimIdleMs'),
      );
  }

  /** Redis lost the stream or the group: create it again at id 0, so entries added meanwhile are read too. */
  private async recreateGroup(): Promise<boolean> {
    const { redis, key, logger } = this.options;
    try {
      await createConsumerGroup(redis, key, this.group);
    } catch {
      return false; // the read loop logs the read error and tries again
    }
    this.recreatedSinceRead = true;
    this.tracker.recovered();
    logger.warn(
      { key, group: this.group },
      'inbox consumer group was missing (Redis lost the stream or the group: a restart without data, FLUSHALL or eviction); recreated it at the start of the stream',
    );
    return true;
  }

  private async read(count: number): Promise<TakenEntry[]> {
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
    return (reply?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, fields, attempt: 1 }));
  }

  /**
   * Entries a process took and never finished (it died, or stopped while a failed turn waited for its next
   * attempt), checked at most every claimIdleMs / 2. Each one's attempt number follows its delivery count.
   */
  private async takeOver(): Promise<TakenEntry[]> {
    const now = Date.now();
    if (now - this.lastClaimAt < this.claimIdleMs / 2) return [];
    this.lastClaimAt = now;
    const { redis, key } = this.options;
    const pending = (await redis.xpending(key, this.group, 'IDLE', this.claimIdleMs, '-', '+', 100)) as [string, string, number, number][];
    const idle = pending.filter(([id, owner]) => owner !== this.consumer || !this.inflightIds.has(id));
    if (idle.length === 0) return [];
    const deliveries = new Map(idle.map(([id, , , count]) => [id, count]));
    const claimed = (
      (await redis.xclaim(key, this.group, this.consumer, this.claimIdleMs, ...deliveries.keys())) as (StreamEntry | null)[]
    ).filter((e): e is StreamEntry => Array.isArray(e));
    if (claimed.length > 0)
      this.options.logger.warn(
        { key, count: claimed.length },
        'inbox took over messages idle for claimIdleMs (their process stopped, or their turn runs long: then they are given back)',
      );
    const owners = new Map(idle.map(([id, owner]) => [id, owner]));
    return claimed.map(([id, fields]) => ({ id, fields, attempt: (deliveries.get(id) ?? 0) + 1, from: owners.get(id) }));
  }

  /** Runs one entry; entries of one conversation run one after another, in stream order. */
  private dispatch(entry: TakenEntry): void {
    const { id, fields } = entry;
    if (this.inflightIds.has(id)) return;
    this.inflightIds.add(id);
    const message = parseEntry(fields);
    const key = message ? conversationKey(message.ref) : id;
    this.held.hold(id, key);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const task = previous
      .then(() =>
        this.isDeferred(key) ? this.leave(entry, entry.attempt, message, 'behind_running_elsewhere') : this.handle(entry, key, message),
      )
      .finally(() => {
        this.held.release(id);
        this.inflight.delete(task);
        this.inflightIds.delete(id);
        if (this.tails.get(key) === task) this.tails.delete(key);
      });
    this.tails.set(key, task);
    this.inflight.add(task);
  }

  /** Runs the turn until it succeeds or has had `maxAttempts` runs; then the entry is acknowledged and deleted. */
  private async handle(entry: TakenEntry, conversation: string, message: InboundMessage | undefined): Promise<void> {
    const { logger, key } = this.options;
    const { id, attempt: firstAttempt } = entry;
    if (!message) {
      logger.warn({ key, entry: id, reason: 'damaged_entry' }, 'inbox entry dropped: it holds no readable message');
      return this.finish(id);
    }
    const ids = { key, entry: id, channel: message.ref.channel, messageId: message.id };
    if (firstAttempt > this.maxAttempts) {
      logger.error(
        { ...ids, reason: 'attempts_exhausted', attempts: firstAttempt - 1 },
        'inbox message dropped unrun: processes died running it too often',
      );
      return this.finish(id);
    }
    for (let attempt = firstAttempt; ; attempt += 1) {
      this.held.start(id);
      try {
        if ((await this.handler!(message)) !== 'running_elsewhere') return this.finish(id);
        this.defer(conversation);
        return this.leave(entry, attempt, message, 'running_elsewhere');
      } catch (err) {
        if (attempt >= this.maxAttempts) {
          logger.error(
            { err, ...ids, reason: 'turn_failed', attempts: attempt },
            `inbox message dropped: its turn failed ${attempt} time(s)`,
          );
          return this.finish(id);
        }
        logger.warn({ err, ...ids, attempt }, 'inbox turn failed; running it again');
        // stopping: the entry stays pending, and a running process takes it over after claimIdleMs
        if (!(await this.pause(this.retryDelayMs * attempt))) return;
        if (!(await this.countAttempt(id))) {
          logger.warn(
            { err, ...ids, reason: 'finished_elsewhere', attempts: attempt },
            'inbox turn failed here, and another process has finished its entry meanwhile (ran it, or dropped it with a logged reason); not run again here',
          );
          return;
        }
      }
    }
  }

  /** A live turn in another process runs a message of `conversation`: leave its entries to it for a while. */
  private defer(conversation: string): void {
    const now = Date.now();
    for (const [key, until] of this.deferred) if (until <= now) this.deferred.delete(key);
    this.deferred.set(conversation, now + this.claimIdleMs);
  }

  private isDeferred(conversation: string): boolean {
    return (this.deferred.get(conversation) ?? 0) > Date.now();
  }

  /**
   * Leaves an entry pending unrun: another process's live turn runs its message (or an earlier one of its
   * conversation). It goes back to the consumer it was taken from with the delivery count it had (see
   * {@link giveBack}); that run acknowledges it, or retries it if its turn throws.
   */
  private async leave(
    entry: TakenEntry,
    attempt: number,
    message: InboundMessage | undefined,
    reason: 'running_elsewhere' | 'behind_running_elsewhere',
  ): Promise<void> {
    const { redis, key, logger } = this.options;
    const ids = { key, entry: entry.id, channel: message?.ref.channel, messageId: message?.id, reason };
    logger.info(
      ids,
      reason === 'running_elsewhere'
        ? 'inbox entry left pending: a live turn in another process runs its message'
        : 'inbox entry left pending: a live turn in another process runs an earlier message of its conversation',
    );
    const where = { key, group: this.group, consumer: this.consumer, to: entry.from ?? this.consumer, deliveries: attempt - 1 };
    await giveBack(redis, entry.id, where).catch((err: unknown) =>
      logger.warn({ err, ...ids }, 'inbox entry not given back; it is taken over again after claimIdleMs'),
    );
  }

  /**
   * Counts the next attempt in the entry's delivery count (XCLAIM to ourselves), so a process taking it over
   * later knows how many runs it had. false when the entry is gone (another process finished it).
   */
  private async countAttempt(id: string): Promise<boolean> {
    const { redis, key } = this.options;
    const claimed = (await redis.xclaim(key, this.group, this.consumer, 0, id).catch(() => undefined)) as unknown[] | undefined;
    return claimed === undefined || claimed.some(Array.isArray);
  }

  private async finish(id: string): Promise<void> {
    const { redis, key, logger } = this.options;
    await redis
      .pipeline()
      .xack(key, this.group, id)
      .xdel(key, id)
      .exec()
      .catch((err: unknown) =>
        logger.warn({ err, key, entry: id }, 'inbox entry not acknowledged; it may run again (replies stay single)'),
      );
  }

  /** Waits `ms`; false when stop() was called meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)));
    const result = await Promise.race([elapsed, this.stopSignal.then(() => false)]);
    clearTimeout(timer);
    return result && this.running;
  }
}
