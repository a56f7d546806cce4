import type { Redis } from 'ioredis';
import { LuaScript, type Logger } from '../../src/index';

/** Redis names of web chat presence (one hash tag, so MULTI and the prune script also work on Redis Cluster). */
export class PresenceKeys {
  constructor(readonly prefix: string) {}
  /** SET of the process ids that joined (pruned once their `alive` key is gone). */
  get procs(): string {
    return `${this.prefix}:web:{presence}:procs`;
  }
  /** A process's heartbeat: exists while the process is alive (PX = ttl, refreshed every beat). */
  alive(processId: string): string {
    return `${this.prefix}:web:{presence}:alive:${processId}`;
  }
  /** SET of the conversation ids with at least one open socket on that process (same TTL as `alive`). */
  sockets(processId: string): string {
    return `${this.prefix}:web:{presence}:sockets:${processId}`;
  }
  /** Pub/sub channel of presence changes: `{p, c, on}` and `{p, gone: true}`. */
  get channel(): string {
    return `${this.prefix}:web:presence`;
  }
}

/** One change another process announced. */
type PresenceEvent = { p: string; c: string; on: boolean } | { p: string; gone: true };

/** What this process knows of another one. */
interface RemoteProcess {
  conversations: Set<string>;
  /** Local clock: after this the process counts as dead unless a reload sees its heartbeat again. */
  expiresAt: number;
}

/** Removes a process from the registry only if its heartbeat is really gone (a live one may re-register at once). */
const PRUNE = new LuaScript(
  `if redis.call('EXISTS', KEYS[2]) == 0 then return redis.call('SREM', KEYS[1], ARGV[1]) end
return 0`,
);

function parseEvent(raw: string): PresenceEvent | undefined {
  try {
    const e = JSON.parse(raw) as Record<string, unknown>;
    if (typeof e['p'] !== 'string') return undefined;
    if (e['gone'] === true) return { p: e['p'], gone: true };
    if (typeof e['c'] === 'string' && typeof e['on'] === 'boolean') return { p: e['p'], c: e['c'], on: e['on'] };
  } catch {
    // not ours: ignored
  }
  return undefined;
}

/**
 * Which conversations have an open web chat socket on which kefu process, shared through Redis.
 *
 * Each process writes only its own entries: a heartbeat key and a set of its conversations, both with a
 * TTL (`ttlMs`) refreshed by {@link beat}, so a crashed process stops counting after at most `ttlMs`.
 * Changes are also published, and every process keeps an in-memory view of the others (changes applied
 * as they arrive, the whole view re-read by {@link reload} every beat), so {@link ownersOf} is synchronous
 * and cheap, as `ChannelAdapter.isPresent` must be.
 *
 * @example
 * const board = new PresenceBoard(redis, new PresenceKeys('kefu'), 'host-123-ab12', 15_000, logger);
 * await board.opened('c_conv-1'); // a socket of c_conv-1 is open here now
 * board.ownersOf('c_conv-1');       // on another process: ['host-123-ab12']
 */
export class PresenceBoard {
  /** Conversations with sockets on this process. */
  private readonly local = new Set<string>();
  private remote = new Map<string, RemoteProcess>();
  /** Events received while a reload runs (re-applied on top of its snapshot). */
  private replay?: PresenceEvent[];
  private joined = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: PresenceKeys,
    readonly processId: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** This process now has a socket of `conversationId` (call on the first one). */
  async opened(conversationId: string): Promise<void> {
    this.local.add(conversationId);
    if (!this.joined) return;
    const sockets = this.keys.sockets(this.processId);
    await this.redis
      .multi()
      .sadd(sockets, conversationId)
      .pexpire(sockets, this.ttlMs)
      .publish(this.keys.channel, JSON.stringify({ p: this.processId, c: conversationId, on: true }))
      .exec();
  }

  /** This process has no socket of `conversationId` any more (call when the last one closed). */
  async closed(conversationId: string): Promise<void> {
    this.local.delete(conversationId);
    if (!this.joined) return;
    await this.redis
      .multi()
      .srem(this.keys.sockets(this.processId), conversationId)
      .publish(this.keys.channel, JSON.stringify({ p: this.processId, c: conversationId, on: false }))
      .exec();
  }

  /**
   * Heartbeat: refresh this process's keys. When its set was lost (a pause longer than the TTL, a Redis
   * restart without persistence), it is written again from the local sockets.
   */
  async beat(): Promise<void> {
    this.joined = true;
    const sockets = this.keys.sockets(this.processId);
    const result = await this.redis
      .multi()
      .set(this.keys.alive(this.processId), String(this.now()), 'PX', this.ttlMs)
      .sadd(this.keys.procs, this.processId)
      .pexpire(sockets, this.ttlMs)
      .exec();
    const kept = result?.[2]?.[1] === 1;
    if (kept || this.local.size === 0) return;
    await this.redis
      .multi()
      .sadd(sockets, ...this.local)
      .pexpire(sockets, this.ttlMs)
      .exec();
  }

  /** Re-read every other process's conversations and heartbeat; prune processes whose heartbeat is gone. */
  async reload(): Promise<void> {
    if (this.replay) return; // one at a time
    const replay: PresenceEvent[] = [];
    this.replay = replay;
    try {
      const ids = (await this.redis.smembers(this.keys.procs)).filter((id) => id !== this.processId);
      const pipe = this.redis.pipeline();
      for (const id of ids) pipe.pttl(this.keys.alive(id)).smembers(this.keys.sockets(id));
      const before = this.now();
      const results = ids.length > 0 ? ((await pipe.exec()) ?? []) : [];
      const next = new Map<string, RemoteProcess>();
      const dead: string[] = [];
      ids.forEach((id, i) => {
        const [ttlError, ttl] = results[2 * i] ?? [];
        const [setError, members] = results[2 * i + 1] ?? [];
        if (ttlError || setError) {
          const known = this.remote.get(id);
          if (known) next.set(id, known);
        } else if (typeof ttl === 'number' && ttl > 0) {
          next.set(id, { conversations: new Set(members as string[]), expiresAt: before + ttl });
        } else if (ttl === -2) {
          dead.push(id);
        }
      });
      for (const event of replay) this.apply(next, event);
      this.remote = next;
      for (const id of dead) await PRUNE.run(this.redis, [this.keys.procs, this.keys.alive(id)], [id]);
    } finally {
      this.replay = undefined;
    }
  }

  /** A message of the presence channel. */
  receive(raw: string): void {
    const event = parseEvent(raw);
    if (!event || event.p === this.processId) return;
    this.apply(this.remote, event);
    this.replay?.push(event);
  }

  /** Other live processes with a socket of `conversationId`. */
  ownersOf(conversationId: string): string[] {
    const t = this.now();
    const owners: string[] = [];
    for (const [id, p] of this.remote) if (p.expiresAt > t && p.conversations.has(conversationId)) owners.push(id);
    return owners;
  }

  /** Whether another live process has a socket of `conversationId`. */
  elsewhere(conversationId: string): boolean {
    return this.ownersOf(conversationId).length > 0;
  }

  /** Leave cleanly: delete this process's keys and tell the others at once. */
  async leave(): Promise<void> {
    if (!this.joined) return;
    this.joined = false;
    this.local.clear();
    this.remote.clear();
    await this.redis
      .multi()
      .del(this.keys.alive(this.processId), this.keys.sockets(this.processId))
      .srem(this.keys.procs, this.processId)
      .publish(this.keys.channel, JSON.stringify({ p: this.processId, gone: true }))
      .exec()
      .catch((err: unknown) => this.log.warn({ err }, 'web presence not removed from Redis; it expires by itself'));
  }

  private apply(view: Map<string, RemoteProcess>, event: PresenceEvent): void {
    if ('gone' in event) {
      view.delete(event.p);
      return;
    }
    let p = view.get(event.p);
    if (!p) {
      if (!event.on) return;
      p = { conversations: new Set(), expiresAt: this.now() + this.ttlMs };
      view.set(event.p, p);
    }
    if (event.on) p.conversations.add(event.c);
    else p.conversations.delete(event.c);
  }
}
