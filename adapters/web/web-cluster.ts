import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../../src/index';
import { PresenceBoard, PresenceKeys } from './presence-board';
import { ReplyRelay, type LocalDelivery, type ReplyFrame } from './reply-relay';

/** Options of {@link WebCluster} (`WebChatOptions.cluster`). */
export interface WebClusterOptions {
  /** kefu's Redis connection; the cluster opens one more (`redis.duplicate()`) to subscribe. */
  redis: Redis;
  /** Key prefix (config redisPrefix). @defaultValue kefu */
  keyPrefix?: string;
  /** Heartbeat and presence re-read interval. @defaultValue 5000 */
  beatMs?: number;
  /** A process that missed its heartbeats this long no longer counts (its sockets are gone). @defaultValue 3 × beatMs */
  ttlMs?: number;
  /** How long a relayed reply waits for the owner's ack. @defaultValue 2000 */
  ackMs?: number;
  /** Relayed replies waiting for an ack at once, at most. @defaultValue 10000 */
  maxWaiting?: number;
  /** This process's id in Redis. @defaultValue `<hostname>-<pid>-<random>` */
  processId?: string;
}

/**
 * Web chat across kefu processes: presence in Redis (which process holds which conversation's sockets,
 * with heartbeats) and a pub/sub relay that delivers a reply on the process that holds the socket.
 * Started by the adapter (`start()`, or `startRelay()` on a worker that only sends); `stop()` leaves
 * Redis clean and closes the subscriber connection.
 *
 * @example
 * const cluster = new WebCluster({ redis, keyPrefix: 'kefu' }, logger);
 * await cluster.start((conversationId, frame) => hub.broadcast(conversationId, frame));
 * if (cluster.elsewhere('c_conv-1')) await cluster.forward('c_conv-1', frame, true);
 */
export class WebCluster {
  readonly processId: string;
  private readonly board: PresenceBoard;
  private readonly relay: ReplyRelay;
  private readonly keys: PresenceKeys;
  private readonly beatMs: number;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly options: WebClusterOptions,
    private readonly log: Logger,
  ) {
    this.processId = options.processId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.keys = new PresenceKeys(options.keyPrefix ?? 'kefu');
    this.beatMs = options.beatMs ?? 5000;
    const ttlMs = options.ttlMs ?? 3 * this.beatMs;
    if (ttlMs <= this.beatMs)
      throw new RangeError(`web cluster: ttlMs (${ttlMs}) must be longer than beatMs (${this.beatMs}), e.g. 3 × beatMs.`);
    this.board = new PresenceBoard(options.redis, this.keys, this.processId, ttlMs, log);
    this.relay = new ReplyRelay(
      options.redis,
      (id) => this.relayChannel(id),
      this.processId,
      options.ackMs ?? 2000,
      options.maxWaiting ?? 10_000,
      log,
    );
  }

  /** Whether {@link start} ran (and {@link stop} did not since). */
  get started(): boolean {
    return this.subscriber !== undefined;
  }

  /** Join: subscribe, publish this process's presence, read the others'; then beat every `beatMs`. Idempotent. */
  async start(deliver: LocalDelivery): Promise<void> {
    this.relay.deliver = deliver;
    if (this.subscriber) return;
    const subscriber = this.options.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (err: Error) => this.log.warn({ err }, 'web cluster subscriber: Redis error (it reconnects by itself)'));
    const own = this.relayChannel(this.processId);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === own) this.relay.receive(message);
      else if (channel === this.keys.channel) this.board.receive(message);
    });
    try {
      await subscriber.subscribe(this.keys.channel, own);
      await this.board.beat();
      await this.board.reload();
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.timer = setInterval(() => void this.tick(), this.beatMs);
    this.timer.unref();
  }

  /** Leave: stop beating, delete this process's presence, stop waiting for acks, close the subscriber. Idempotent. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    this.relay.cancelAll();
    await this.board.leave();
    subscriber.disconnect();
  }

  /** The first socket of a conversation opened on this process. */
  opened(conversationId: string): void {
    this.board
      .opened(conversationId)
      .catch((err: unknown) => this.log.warn({ err, conversationId }, 'web presence not written; the next heartbeat writes it'));
  }

  /** The last socket of a conversation on this process closed. */
  closed(conversationId: string): void {
    this.board
      .closed(conversationId)
      .catch((err: unknown) => this.log.warn({ err, conversationId }, 'web presence not removed; it expires with this process'));
  }

  /** Whether another live process holds a socket of the conversation. */
  elsewhere(conversationId: string): boolean {
    return this.board.elsewhere(conversationId);
  }

  /** Deliver `frame` on the other processes that hold the conversation; resolves with how many sockets got it. */
  forward(conversationId: string, frame: ReplyFrame, keyed: boolean): Promise<number> {
    if (!this.subscriber) return Promise.resolve(0);
    return this.relay.forward(this.board.ownersOf(conversationId), conversationId, frame, keyed);
  }

  private relayChannel(processId: string): string {
    return `${this.keys.prefix}:web:relay:${processId}`;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = (async () => {
      try {
        await this.board.beat();
        await this.board.reload();
      } catch (err) {
        this.log.warn({ err }, 'web presence heartbeat failed; retrying at the next beat');
      }
    })();
    await this.ticking;
    this.ticking = undefined;
  }
}
