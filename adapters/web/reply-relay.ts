import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../src/index';
import type { ServerFrame } from './protocol';

/** A reply frame (the only kind relayed between processes). */
export type ReplyFrame = Extract<ServerFrame, { type: 'reply' }>;

/**
 * Shows a relayed reply on this process's sockets of a conversation. Returns how many sockets got it;
 * a keyed reply this process already delivered counts as delivered (1) and is not shown again.
 */
export type LocalDelivery = (conversationId: string, frame: ReplyFrame, keyed: boolean) => number;

/** process → process: show this reply. `r` names the request, `from` is where the ack goes. */
interface RelayRequest {
  t: 'send';
  r: string;
  from: string;
  c: string;
  k: boolean;
  f: ReplyFrame;
}

/** process → sender: `n` sockets got request `r`. */
interface RelayAck {
  t: 'ack';
  r: string;
  n: number;
}

interface Waiter {
  /** Processes that received the request (PUBLISH's count); unknown until the publishes return. */
  expected?: number;
  acks: number;
  delivered: number;
  timer: NodeJS.Timeout;
  finish(): void;
}

function parse(raw: string): RelayRequest | RelayAck | undefined {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>;
    if (typeof m['r'] !== 'string') return undefined;
    if (m['t'] === 'ack' && typeof m['n'] === 'number') return m as unknown as RelayAck;
    const f = m['f'] as Record<string, unknown> | undefined;
    const message = f?.['message'] as Record<string, unknown> | undefined;
    if (
      m['t'] === 'send' &&
      typeof m['from'] === 'string' &&
      typeof m['c'] === 'string' &&
      typeof m['k'] === 'boolean' &&
      f?.['type'] === 'reply' &&
      typeof f['id'] === 'string' &&
      typeof message?.['type'] === 'string'
    )
      return m as unknown as RelayRequest;
  } catch {
    // not ours: ignored
  }
  return undefined;
}

/**
 * Sends a reply to the processes that hold the shopper's sockets, over Redis pub/sub (one channel per
 * process), and learns how many sockets got it from their acks. An owner that is gone (PUBLISH reaches
 * no subscriber) or does not ack within `ackMs` counts as 0. At most `maxWaiting` sends wait for acks at
 * once; more are not relayed (reported as 0).
 *
 * @example
 * const relay = new ReplyRelay(redis, (id) => `kefu:web:relay:${id}`, 'host-1-ab', 2000, 10_000, logger);
 * relay.deliver = (conversationId, frame) => hub.broadcast(conversationId, frame);
 * const sockets = await relay.forward(['host-2-cd'], 'c_conv-1', frame, true); // 0 = nobody got it
 */
export class ReplyRelay {
  /** This process's delivery of relayed replies; requests are not acked until it is set. */
  deliver?: LocalDelivery;
  private readonly waiting = new Map<string, Waiter>();

  constructor(
    private readonly redis: Redis,
    private readonly channelOf: (processId: string) => string,
    private readonly processId: string,
    private readonly ackMs: number,
    private readonly maxWaiting: number,
    private readonly log: Logger,
  ) {}

  /** Relay `frame` to `owners` and resolve with the number of sockets that got it (0 when none did). */
  forward(owners: readonly string[], conversationId: string, frame: ReplyFrame, keyed: boolean): Promise<number> {
    if (owners.length === 0) return Promise.resolve(0);
    if (this.waiting.size >= this.maxWaiting) {
      this.log.warn({ conversationId, waiting: this.waiting.size }, 'web reply not relayed: too many relayed replies wait for an ack');
      return Promise.resolve(0);
    }
    const r = randomBytes(9).toString('base64url');
    const request: RelayRequest = { t: 'send', r, from: this.processId, c: conversationId, k: keyed, f: frame };
    return new Promise<number>((resolve) => {
      const waiter: Waiter = {
        acks: 0,
        delivered: 0,
        timer: setTimeout(() => waiter.finish(), this.ackMs),
        finish: () => {
          clearTimeout(waiter.timer);
          this.waiting.delete(r);
          resolve(waiter.delivered);
        },
      };
      waiter.timer.unref();
      this.waiting.set(r, waiter);
      const payload = JSON.stringify(request);
      Promise.all(owners.map((owner) => this.redis.publish(this.channelOf(owner), payload))).then(
        (receivers) => {
          waiter.expected = receivers.filter((n) => n > 0).length;
          this.settle(waiter);
        },
        (err: unknown) => {
          this.log.warn({ err, conversationId }, 'web reply not relayed: Redis refused the publish');
          waiter.finish();
        },
      );
    });
  }

  /** A message of this process's relay channel: a request to deliver (answered with an ack) or an ack. */
  receive(raw: string): void {
    const m = parse(raw);
    if (!m) return;
    if (m.t === 'ack') {
      const waiter = this.waiting.get(m.r);
      if (!waiter) return; // late: the sender stopped waiting
      waiter.acks += 1;
      waiter.delivered += Math.max(0, m.n);
      this.settle(waiter);
      return;
    }
    if (!this.deliver) return;
    const n = this.deliver(m.c, m.f, m.k);
    const ack: RelayAck = { t: 'ack', r: m.r, n };
    this.redis
      .publish(this.channelOf(m.from), JSON.stringify(ack))
      .catch((err: unknown) => this.log.warn({ err, conversationId: m.c }, 'web relay ack not sent'));
  }

  /** Stop waiting: every pending send resolves with what it has so far. */
  cancelAll(): void {
    for (const waiter of [...this.waiting.values()]) waiter.finish();
  }

  private settle(waiter: Waiter): void {
    if (waiter.delivered > 0 || (waiter.expected !== undefined && waiter.acks >= waiter.expected)) waiter.finish();
  }
}
