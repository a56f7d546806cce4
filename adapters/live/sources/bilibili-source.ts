import { KeepLiveWS } from 'bilibili-live-ws';
import type { Logger } from '../../../src/index';
import type { LiveComment } from '../live-types';
import type { SourceStatus } from '../room-board';
import type { LiveRoomConfig } from '../rooms-file';
import { parseDanmu } from './danmu-message';
import { httpDanmakuSender } from './http-danmaku-sender';
import { initialStatus, type LiveSource } from './source';

/**
 * Bilibili danmaku through bilibili-live-ws (KeepLiveWS: reconnects, auth packet op 7 on open — the open platform's
 * auth body when the room has one — heartbeat op 2 every 30 s, zlib/brotli bodies with nested packets). Public
 * answers go through the room's `send` URL when configured (danmaku send needs a login cookie), else the board only.
 */
export class BilibiliSource implements LiveSource {
  private live?: KeepLiveWS;
  private readonly current = initialStatus();
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
    live.on('DANMU_MSG', take);
    live.on('LIVE_OPEN_PLATFORM_DM', take);
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
