import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { constantTimeEqual, type Logger } from '../../../src/index';
import type { LiveComment } from '../live-types';
import type { SourceStatus } from '../room-board';
import type { LiveRoomConfig } from '../rooms-file';
import { SequenceGaps } from './sequence-gaps';
import { initialStatus, type LiveSource } from './source';

/** One comment of a push body (Douyin open platform's live_comment payload fields). */
interface PushedComment {
  msg_id: string;
  sec_openid?: string;
  content: string;
  nickname?: string;
}

/**
 * The signature a push carries in `x-signature`: hex HMAC-SHA256 with the room's secret over
 * `<x-timestamp>\n<x-nonce-str>\n<raw body>`.
 *
 * @example
 * const signature = douyinSignature(secret, '1700000000', 'n1', body);
 */
export function douyinSignature(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

/** Options of {@link DouyinWebhookSource}. */
export interface DouyinWebhookOptions {
  room: LiveRoomConfig;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** Pushes with a timestamp further than this from now are refused (replays). @defaultValue 300 */
  timestampWindowSec?: number;
  /** How long a message id is remembered to drop repeated pushes. @defaultValue 3600 */
  dedupeTtlSec?: number;
  now?: () => number;
}

/**
 * Douyin-open-platform-style comment pushes at `POST <douyin.path>`: the signature is checked first (401, nothing
 * read), then each message id is claimed in Redis (repeated pushes dropped and counted; every process behind a load
 * balancer shares the claims), and `x-seq` numbers, when sent, count lost pushes. Answers 200 at once: the platform
 * does not wait for triage. Douyin has no public send path for comments: answers stay on the board.
 */
export class DouyinWebhookSource implements LiveSource {
  private readonly current = initialStatus();
  private readonly gaps = new SequenceGaps();
  private onComment?: (comment: LiveComment) => void;
  private readonly now: () => number;

  constructor(private readonly options: DouyinWebhookOptions) {
    this.now = options.now ?? Date.now;
  }

  registerRoutes(app: FastifyInstance): void {
    const { room } = this.options;
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1_048_576 }, (_req, body, done) => done(null, body));
      scope.post(room.douyin!.path, async (request, reply) => {
        const body = typeof request.body === 'string' ? request.body : '';
        const h = request.headers;
        const timestamp = String(h['x-timestamp'] ?? '');
        const nonce = String(h['x-nonce-str'] ?? '');
        const signature = String(h['x-signature'] ?? '');
        const window = this.options.timestampWindowSec ?? 300;
        const fresh = /^\d+$/.test(timestamp) && Math.abs(this.now() / 1000 - Number(timestamp)) <= window;
        if (!fresh || !constantTimeEqual(signature, douyinSignature(room.douyin!.secret, timestamp, nonce, body))) {
          this.current.rejected += 1;
          this.options.logger.warn({ room: room.id, fresh }, 'douyin push refused: bad signature or stale timestamp');
          return reply.code(401).send({ err_no: 401, err_msg: 'bad signature' });
        }
        let items: PushedComment[];
        try {
          items = parseItems(JSON.parse(body));
        } catch {
          this.current.rejected += 1;
          return reply.code(400).send({ err_no: 400, err_msg: 'body must be a JSON array of comments' });
        }
        const seq = Number(h['x-seq']);
        if (Number.isInteger(seq) && seq > 0) this.gaps.see(seq);
        this.current.gaps = this.gaps.missing;
        this.current.state = 'online';
        await this.take(items);
        return reply.send({ err_no: 0, err_msg: 'success' });
      });
    });
  }

  private async take(items: PushedComment[]): Promise<void> {
    if (items.length === 0) return;
    const { redis, keyPrefix, room } = this.options;
    const ttl = this.options.dedupeTtlSec ?? 3600;
    const pipeline = redis.pipeline();
    for (const item of items) pipeline.set(`${keyPrefix}:live:seen:${room.id}:${item.msg_id}`, '1', 'EX', ttl, 'NX');
    const claims = (await pipeline.exec()) ?? [];
    const receivedAt = this.now();
    items.forEach((item, i) => {
      if (claims[i]?.[1] !== 'OK') {
        this.current.duplicates += 1;
        return;
      }
      this.onComment?.({
        room: room.id,
        msgId: item.msg_id,
        uid: item.sec_openid ?? '',
        name: item.nickname ?? '',
        text: item.content,
        receivedAt,
      });
    });
  }

  async start(onComment: (comment: LiveComment) => void): Promise<void> {
    this.onComment = onComment;
    this.current.state = 'online';
    this.current.detail = 'waiting for pushes';
  }

  async stop(): Promise<void> {
    this.onComment = undefined;
    this.current.state = 'offline';
  }

  status(): SourceStatus {
    return { ...this.current };
  }
}

function parseItems(raw: unknown): PushedComment[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item: unknown) => {
    const o = item as Partial<PushedComment> | null;
    if (!o || typeof o.msg_id !== 'string' || typeof o.content !== 'string') throw new Error('bad comment');
    return {
      msg_id: o.msg_id,
      sec_openid: typeof o.sec_openid === 'string' ? o.sec_openid : undefined,
      content: o.content,
      nickname: typeof o.nickname === 'string' ? o.nickname : undefined,
    };
  });
}
