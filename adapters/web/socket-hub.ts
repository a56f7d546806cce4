import type { WebSocket } from 'ws';
import type { ServerFrame } from './protocol';

/** A frame waiting for a conversation that has no open socket. */
interface Pending {
  frame: ServerFrame;
  until: number;
}

/**
 * Which sockets belong to which conversation (several tabs may share one), plus a short queue of
 * frames for conversations that are momentarily offline (a page reload): frames wait `queueMs`
 * and at most `queueMax` per conversation; older ones are dropped and reported through `onDrop`.
 *
 * @example
 * hub.add('c-1', socket); hub.broadcast('c-1', { type: 'typing', on: true }); // → number of sockets
 */
export class SocketHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly pending = new Map<string, Pending[]>();

  constructor(
    private readonly queueMs: number,
    private readonly queueMax: number,
    private readonly onDrop: (conversationId: string, dropped: number, why: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(conversationId: string, socket: WebSocket): void {
    const set = this.sockets.get(conversationId) ?? new Set<WebSocket>();
    set.add(socket);
    this.sockets.set(conversationId, set);
  }

  remove(conversationId: string, socket: WebSocket): void {
    const set = this.sockets.get(conversationId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.sockets.delete(conversationId);
  }

  /** Open sockets of a conversation. */
  count(conversationId: string): number {
    return this.sockets.get(conversationId)?.size ?? 0;
  }

  /** Send to every open socket of the conversation; returns how many got it. */
  broadcast(conversationId: string, frame: ServerFrame): number {
    const data = JSON.stringify(frame);
    let sent = 0;
    for (const socket of this.sockets.get(conversationId) ?? []) {
      if (socket.readyState === socket.OPEN) {
        socket.send(data);
        sent += 1;
      }
    }
    return sent;
  }

  /** Keep a frame for a conversation with no open socket. */
  enqueue(conversationId: string, frame: ServerFrame): void {
    const list = this.live(conversationId);
    list.push({ frame, until: this.now() + this.queueMs });
    if (list.length > this.queueMax) {
      list.splice(0, list.length - this.queueMax);
      this.onDrop(conversationId, 1, `queue full (${this.queueMax})`);
    }
    this.pending.set(conversationId, list);
  }

  /** Take the frames still waiting for a conversation (expired ones are dropped and reported). */
  takePending(conversationId: string): ServerFrame[] {
    const list = this.live(conversationId);
    this.pending.delete(conversationId);
    return list.map((p) => p.frame);
  }

  /** Drop expired frames of every conversation (called periodically). */
  sweep(): void {
    for (const id of [...this.pending.keys()]) {
      const list = this.live(id);
      if (list.length === 0) this.pending.delete(id);
      else this.pending.set(id, list);
    }
  }

  clear(): void {
    this.sockets.clear();
    this.pending.clear();
  }

  private live(conversationId: string): Pending[] {
    const list = this.pending.get(conversationId) ?? [];
    const t = this.now();
    const alive = list.filter((p) => p.until > t);
    if (alive.length < list.length) this.onDrop(conversationId, list.length - alive.length, `not delivered within ${this.queueMs} ms`);
    return alive;
  }
}
