import { KeepLiveWS } from 'bilibili-live-ws';
// bilibili-live-ws's own frame decoder (the one it uses itself): see `take` below for why the source decodes frames
import { makeDecoder } from 'bilibili-live-ws/src/buffer';
import { inflates } from 'bilibili-live-ws/src/inflate/node';
import type { Logger } from '../../../src/index';
import type { LiveComment } from '../live-types';
import type { SourceStatus } from '../room-board';
import type { LiveRoomConfig } from '../rooms-file';
import { parseDanmu } from './danmu-message';
import { httpDanmakuSender } from './http-danmaku-sender';
import { initialStatus, type LiveSource } from './source';

const decodeFrame = makeDecoder(inflates);

/** The messages (op 5) of one frame's packets, in order. */
async function messagesOf(frame: Buffer): Promise<unknown[]> {
  const packs = await decodeFrame(frame);
  return packs.filter((p) => p.type === 'message').map((p) => p.data as unknown);
}

/**
 * Bilibili danmaku through bilibili-live-ws (KeepLiveWS: reconnects, auth packet op 7 on open — the open platform's
 * auth body when the room has one — heartbeat op 2 every 30 s, zlib/brotli bodies with nested packets). Public
 * answers go through the room's `send` URL when configured (danmaku send needs a login cookie), else the board only.
 *
 * Comments keep the order of their frames: the client emits `DANMU_MSG` when each frame's asynchronous decompression
 * ends, so a small frame could overtake a large one that came first. The source reads the raw frames instead (the
 * client still handles auth, heartbeats and reconnects): each starts decompressing at once, and their messages are
 * handed on one frame after the other through a promise chain.
 */
export class BilibiliSource implements LiveSource {
  private live?: KeepLiveWS;
  private readonly current = initialStatus();
  /** The previous frame's hand-over: the next frame's messages follow it. */
  private order: Promise<void> = Promise.resolve();
  readonly send?: (text: string) => Promise<void>;

  constructor(
    private readonly room: LiveRoomConfig,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    if (room.send) this.send = httpDanmakuSender(room.send, room.platformRoomId ?? '');
  }

  async start(onComment: (comment: LiveComment) => void): Promise<void> {
    const b = this.room.bilibili!;
    const live = new KeepLiveWS(Number(this.room.platformRoomId), {
      ...(b.address ? { address: b.address } : {}),
      protover: b.protover,
      ...(b.authBody ? { authBody: b.authBody } : {}),
    });
    this.live = live;
    live.on('live', () => this.set('online'));
    live.on('close', () => this.set('offline', 'connection closed; reconnecting'));
    live.on('e', (err: unknown) => {
      this.set('error', 'connection error; reconnecting');
      this.logger.warn({ err, room: this.room.id }, 'bilibili danmaku connection error; bilibili-live-ws reconnects');
    });
    const take = (body: unknown): void => {
      const d = parseDanmu(body);
      if (!d) return;
      onComment({ room: this.room.id, uid: d.uid, name: d.name, text: d.text, msgId: d.msgId, receivedAt: this.now() });
    };
    live.on('message', (frame: Buffer) => {
      const messages = messagesOf(frame); // decompresses now, in parallel with the frames before it
      messages.catch(() => undefined); // its failure is logged in order below
      this.order = this.order
        .then(async () => (await messages).forEach(take))
        .catch((err: unknown) => this.logger.warn({ err, room: this.room.id }, 'bilibili frame not readable; its comments are lost'));
    });
  }

  async stop(): Promise<void> {
    this.live?.close();
    this.live = undefined;
    this.set('offline', 'stopped');
  }

  status(): SourceStatus {
    return { ...this.current };
  }

  private set(state: SourceStatus['state'], detail?: string): void {
    this.current.state = state;
    this.current.detail = detail;
  }
}
