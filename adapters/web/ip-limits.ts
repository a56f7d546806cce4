import type { WebSocket } from 'ws';
import { clientAddressKey } from '../../src/index';
import type { ServerFrame } from './protocol';
import { TokenBucket } from './token-bucket';

/** Limits shared by every chat connection from one client address (`request.ip`; IPv6 by its /64), in one process. */
export interface IpLimitOptions {
  /** Messages per `perMs` from one address, all its connections together; 0 turns the limit off. */
  messages: number;
  perMs: number;
  /** Open connections from one address; more are refused. 0 turns the limit off. */
  connections: number;
}

/** What one admitted connection draws on: its address's shared message budget. */
export interface AddressAllowance {
  /** Take one message from the address's budget; false when the address is over its limit. */
  take(): boolean;
  /** The connection closed (idempotent). */
  release(): void;
}

/** Close code of a refused connection: 1013 "Try Again Later". */
export const TOO_MANY_CONNECTIONS_CLOSE = 1013;

/**
 * Per-address limits of web chat beside the per-connection token bucket: a shared token bucket for the messages
 * of all an address's connections, and a cap on its open connections. Counts are per process (a shopper's
 * sockets reach one process unless the load balancer spreads them).
 *
 * @example
 * const limits = new IpLimits({ messages: 100, perMs: 10_000, connections: 30 });
 * const allowance = limits.admit(request.ip); // undefined: refuse the socket
 * if (!allowance?.take()) reject('too many messages from this address');
 */
export class IpLimits {
  private readonly entries = new Map<string, { sockets: number; bucket?: TokenBucket }>();

  constructor(
    private readonly options: IpLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Admit a new connection from `ip`; undefined when the address already has the most connections allowed. IPv6
   * addresses count by their /64 network, IPv4-mapped ones as IPv4 (see clientAddressKey).
   */
  admit(ip: string): AddressAllowance | undefined {
    const { messages, perMs, connections } = this.options;
    const key = clientAddressKey(ip);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { sockets: 0, bucket: messages > 0 ? new TokenBucket(messages, perMs, this.now) : undefined };
      this.entries.set(key, entry);
    }
    if (connections > 0 && entry.sockets >= connections) return undefined;
    const admitted = entry;
    admitted.sockets += 1;
    let released = false;
    return {
      take: () => admitted.bucket?.take() ?? true,
      release: () => {
        if (released) return;
        released = true;
        admitted.sockets -= 1;
      },
    };
  }

  /** Forget addresses with no open connection whose budget has refilled (so a reconnect cannot reset a budget). */
  sweep(): void {
    for (const [ip, entry] of this.entries) if (entry.sockets === 0 && (entry.bucket?.full() ?? true)) this.entries.delete(ip);
  }

  /** Addresses currently tracked. */
  get size(): number {
    return this.entries.size;
  }
}

/** Refuse a socket over its address's connection cap: a Chinese notice for the shopper, then close 1013. */
export function refuseTooManyConnections(socket: WebSocket): void {
  const frame: ServerFrame = {
    type: 'error',
    code: 'too_many_connections',
    reason: 'too many open chat connections from this network address: close other chat tabs or try again later',
    text: '当前网络下打开的客服窗口太多啦，请关掉几个页面，或稍后再试～',
  };
  socket.send(JSON.stringify(frame));
  socket.close(TOO_MANY_CONNECTIONS_CLOSE, 'too many connections from this address');
}
