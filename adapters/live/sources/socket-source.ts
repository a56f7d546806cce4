import WebSocket from 'ws';
import type { Logger } from '../../../src/index';
import type { LiveComment } from '../live-types';
import type { SourceStatus } from '../room-board';
import type { LiveRoomConfig } from '../rooms-file';
import { initialStatus, type LiveSource } from './source';

interface SocketComment {
  id?: string;
  uid?: string;
  name?: string;
  text?: string;
}

/**
 * A generic WebSocket/JSON source for a shop's own or mini-program live room: kefu connects to `socket.url` and
 * reads frames of `{ "id", "uid", "name", "text" }` (or arrays of them); public answers go back on the same socket
 * as `{ "type": "reply", "text" }`. Reconnects after 1 s, 2 s, … up to 30 s.
 */
export class SocketSource implements LiveSource {
  private socket?: WebSocket;
  private stopped = false;
  private retry = 0;
  private timer?: NodeJS.Timeout;
  private readonly current = initialStatus();

  constructor(
    private readonly room: LiveRoomConfig,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async start(onComment: (comment: LiveComment) => void): Promise<void> {
    this.stopped = false;
    this.connect(onComment);
  }

  private connect(onComment: (comment: LiveComment) => void): void {
    const socket = new WebSocket(this.room.socket!.url);
    this.socket = socket;
    socket.on('open', () => {
      this.retry = 0;
      this.current.state = 'online';
      this.current.detail = undefined;
    });
    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        this.current.rejected += 1;
        return;
      }
      const receivedAt = this.now();
      for (const c of (Array.isArray(parsed) ? parsed : [parsed]) as SocketComment[]) {
        if (!c || typeof c.text !== 'string') {
          this.current.rejected += 1;
          continue;
        }
        onComment({
          room: this.room.id,
          msgId: c.id,
          uid: typeof c.uid === 'string' ? c.uid : '',
          name: typeof c.name === 'string' ? c.name : '',
          text: c.text,
          receivedAt,
        });
      }
    });
    socket.on('error', (err) => this.logger.warn({ err, room: this.room.id }, 'live socket error; reconnecting'));
    socket.on('close', () => {
      if (this.stopped) return;
      this.current.state = 'offline';
      this.current.detail = 'connection closed; reconnecting';
      const delay = Math.min(30_000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(onComment), delay);
      this.timer.unref();
    });
  }

  async send(text: string): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) throw new Error('live socket is not connected; the answer stays on the board');
    await new Promise<void>((resolve, reject) =>
      socket.send(JSON.stringify({ type: 'reply', text }), (err) => (err ? reject(err) : resolve())),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.current.state = 'offline';
  }

  status(): SourceStatus {
    return { ...this.current };
  }
}
