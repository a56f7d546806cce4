import type { Redis } from 'ioredis';
import { ConfigError, type Logger } from '../../src/index';
import { checkImageSettings, type ImageMediaSettings } from '../../src/kits/wechat';
import { DEFAULT_API_BASE_URL } from './constants';

/** Options of {@link WecomKfAdapter}. */
export interface WecomKfOptions {
  /** 企业 ID (CorpID); also the receiveid of callback encryption. */
  corpId: string;
  /** The 微信客服 secret (企业微信管理后台 → 微信客服 → API → Secret). Never logged. */
  secret: string;
  /** Callback Token (微信客服 → API → 回调配置). */
  token: string;
  /** Callback EncodingAESKey, 43 characters. */
  encodingAesKey: string;
  /** Accepted kf accounts (open_kfid, e.g. `wkAbc…`); callbacks of others are ignored with a log line. @defaultValue every account */
  openKfIds?: string[];
  /** Shared Redis: cursors, dedupe, session states, pull locks and the access_token. */
  redis: Redis;
  /** Redis key prefix. @defaultValue 'kefu' */
  keyPrefix?: string;
  logger: Logger;
  /** API host (a fake server in tests). @defaultValue 'https://qyapi.weixin.qq.com' */
  apiBaseUrl?: string;
  /** Callback URL path (GET verification and POST events). @defaultValue '/wecom/kf' */
  path?: string;
  /** Welcome line sent with send_msg_on_event when a customer enters; false sends none. @defaultValue '您好，我是店铺智能客服，有什么可以帮您？' */
  welcome?: string | false;
  /** Handoff target: a servicer userid (state 3), else the waiting pool (state 2). @defaultValue {} (the pool) */
  handoff?: { servicerUserId?: string };
  /** Callback timestamps further than this from now are refused. @defaultValue 300 */
  timestampWindowSec?: number;
  /** Turns this process runs at once from the durable inbox; more wait in Redis. @defaultValue 32 */
  turnConcurrency?: number;
  /** Whether this process runs the turns of pulled messages; false in a `--role web` process whose workers run them. @defaultValue true */
  runTurns?: boolean;
  /**
   * Outbound images and product-card pictures: fetched from their URL within these limits, uploaded as temporary
   * media and the media_id reused from Redis for 2.5 days. @defaultValue {} (10 MB, 5 s fetch timeout, 2.5 days)
   */
  images?: ImageMediaSettings;
  /** Clock (ms), for tests. @defaultValue Date.now */
  now?: () => number;
}

/** Options with every default applied. */
export type ResolvedKfOptions = Required<Omit<WecomKfOptions, 'openKfIds' | 'handoff'>> & {
  openKfIds?: ReadonlySet<string>;
  handoff: { servicerUserId?: string };
};

/** The default welcome line. */
export const DEFAULT_WELCOME = '您好，我是店铺智能客服，有什么可以帮您？';

/** Checks required options (ConfigError lists all problems, never values) and applies defaults. */
export function resolveKfOptions(options: WecomKfOptions): ResolvedKfOptions {
  const problems: string[] = [];
  const need = (value: unknown, what: string): void => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`wecom-kf: ${what} is empty.`);
  };
  need(options.corpId, 'corpId (企业 ID, 我的企业 → 企业信息)');
  need(options.secret, 'secret (微信客服 → API → Secret)');
  need(options.token, 'token (微信客服 → API → 回调配置 → Token)');
  if (typeof options.encodingAesKey !== 'string' || options.encodingAesKey.trim().length !== 43)
    problems.push('wecom-kf: encodingAesKey must be the 43-character EncodingAESKey from 微信客服 → API → 回调配置.');
  if (!options.redis) problems.push('wecom-kf: redis is required (cursors, dedupe and session states are shared there).');
  if (problems.length > 0) throw new ConfigError(problems);
  checkImageSettings(options.images, 'wecom-kf images');
  return {
    ...options,
    keyPrefix: options.keyPrefix ?? 'kefu',
    apiBaseUrl: (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
    path: options.path ?? '/wecom/kf',
    welcome: options.welcome === undefined ? DEFAULT_WELCOME : options.welcome,
    handoff: options.handoff ?? {},
    timestampWindowSec: options.timestampWindowSec ?? 300,
    turnConcurrency: options.turnConcurrency ?? 32,
    runTurns: options.runTurns ?? true,
    images: options.images ?? {},
    now: options.now ?? Date.now,
    openKfIds: options.openKfIds ? new Set(options.openKfIds) : undefined,
  };
}
