import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_TIMESTAMP_WINDOW_SEC } from './timestamp-fresh';

/**
 * What {@link NonceReplayGuard.check} found:
 * - `first`: the (timestamp, nonce) pair was not used before; it is now remembered with this request's content.
 * - `repeat`: the pair was used before for the same content: the platform's own retry of the same request
 *   (WeChat and WeCom resend a push with the same URL). Let the message dedupe (MsgId, event key) answer it.
 * - `reused`: the pair was used before for other content: a replayed signature. Refuse the request.
 */
export type NonceVerdict = 'first' | 'repeat' | 'reused';

/** Options of {@link NonceReplayGuard}. */
export interface NonceReplayGuardOptions {
  /** Shared Redis, so every kefu process behind the webhook sees the pairs any of them accepted. */
  redis: Redis;
  /** Key prefix, e.g. `kefu:wechat:wechat-official`. */
  prefix: string;
  /** The timestamp window the caller checks with `timestampFresh`, in seconds. @defaultValue 300 */
  windowSec?: number;
}

// KEYS: the pair's key. ARGV: content fingerprint, TTL (s). 1 = first use, 2 = same content again, 0 = other content.
const REMEMBER = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 2 end
return 0`;

const VERDICTS: Record<number, NonceVerdict> = { 0: 'reused', 1: 'first', 2: 'repeat' };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/**
 * Replay protection beyond the timestamp window: remembers every (timestamp, nonce) pair a signed WeChat or WeCom
 * request was accepted with, for as long as its signature is valid (until `timestamp + windowSec`), in Redis with
 * SET NX EX. A signature covers only token, timestamp and nonce (plus the Encrypt value in safe mode), so a captured
 * URL could otherwise be sent again with another body inside the window. Each pair is stored with a hash of the
 * request's content (the decrypted message, or the echostr of a URL check): the same pair with the same content is
 * the platform's retry (`repeat`), the same pair with other content is a replay (`reused`).
 *
 * Call it only after the signature and timestamp were verified, so unsigned requests cannot use up pairs.
 *
 * @example
 * const guard = new NonceReplayGuard({ redis, prefix: 'kefu:wechat:wechat-official', windowSec: 300 });
 * if ((await guard.check(appId, q.timestamp, q.nonce, `POST\n${inner}`, nowSec)) === 'reused') throw new WebhookRejection(401, '…');
 */
export class NonceReplayGuard {
  private readonly windowSec: number;

  constructor(private readonly options: NonceReplayGuardOptions) {
    this.windowSec = options.windowSec ?? DEFAULT_TIMESTAMP_WINDOW_SEC;
  }

  /**
   * Records the pair for `content` under `scope` (an app id or corp id) and says whether it was new, the same
   * request again, or reused for something else. `nowSec` is the clock the timestamp was checked against.
   */
  async check(scope: string, timestamp: string, nonce: string, content: string, nowSec: number): Promise<NonceVerdict> {
    const key = `${this.options.prefix}:nonce:${scope}:${sha256(`${timestamp}\n${nonce}`)}`;
    const answer = (await this.options.redis.eval(REMEMBER, 1, key, sha256(content), this.ttlSec(timestamp, nowSec))) as number;
    return VERDICTS[answer] ?? 'reused';
  }

  /** Seconds until a signature with `timestamp` falls out of the window (at least 1; the whole window if unreadable). */
  private ttlSec(timestamp: string, nowSec: number): number {
    const at = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || !Number.isFinite(nowSec)) return 2 * this.windowSec + 1;
    return Math.min(2 * this.windowSec + 1, Math.max(1, at + this.windowSec - nowSec + 1));
  }
}
