import type { Redis } from 'ioredis';
import { ConfigError, type Logger } from '../../src/index';
import { checkImageSettings, type ImageMediaSettings } from '../../src/kits/wechat';

/** Which WeChat product an adapter instance serves. */
export type WechatKind = 'official' | 'mini';

/** How a kefu subscription-template name maps onto a platform template (订阅消息). */
export interface SubscriptionTemplateConfig {
  /** The platform template id (from 公众号后台 → 订阅通知, or 小程序后台 → 订阅消息). */
  templateId: string;
  /** Page opened when the shopper taps the message (Mini Program path, or a URL for Official Accounts). */
  page?: string;
  /** Data key that receives the message text, truncated to WeChat's 20-character `thing` limit, e.g. `thing1`. */
  textField: string;
  /** Fixed fields sent with every message of this template, e.g. `{ phrase2: '待处理' }`. */
  data?: Record<string, string>;
}

/** One Official Account or Mini Program served by the adapter. */
export interface WechatAppConfig {
  /** AppID, also the last path segment of the webhook URL. */
  appId: string;
  /** The Token of the server configuration (服务器配置 → Token). */
  token: string;
  /** The 43-character EncodingAESKey; required for safe mode (安全模式). @defaultValue undefined (plaintext only) */
  encodingAesKey?: string;
  /** AppSecret, used to fetch the access_token. */
  secret: string;
  /** Push format. Official Accounts always push XML; a Mini Program may choose JSON. @defaultValue 'xml' */
  format?: 'xml' | 'json';
  /** kefu template name → platform template, for `send(…, { subscriptionTemplate })`. @defaultValue {} */
  subscriptionTemplates?: Record<string, SubscriptionTemplateConfig>;
}

/** Options of {@link WechatOfficialAdapter}. */
export interface WechatOfficialOptions {
  /** 'official' (公众号/服务号, adapter name `wechat-official`) or 'mini' (小程序, adapter name `wechat-mini`). */
  kind: WechatKind;
  /** The apps served by this instance (at least one). */
  apps: WechatAppConfig[];
  /** Shared Redis: dedupe of WeChat's retries, pending transfers and the access_token cache. */
  redis: Redis;
  /** Prefix of every Redis key. @defaultValue 'kefu' */
  keyPrefix?: string;
  logger: Logger;
  /** WeChat API base URL (a fake server in tests). @defaultValue 'https://api.weixin.qq.com' */
  apiBaseUrl?: string;
  /** Webhook path prefix; the route is `${path}/:appId`. @defaultValue '/wechat/official' or '/wechat/mini' */
  path?: string;
  /**
   * 'api': answer "success" at once and send replies through the customer-service API.
   * 'passive': hold the push until the turn ends (or passiveBudgetMs) and answer with the first reply.
   * @defaultValue 'api'
   */
  replyMode?: 'api' | 'passive';
  /** How long a push is held for a passive reply (WeChat gives up after 5 s). @defaultValue 3000 */
  passiveBudgetMs?: number;
  /**
   * Passive mode: a push's claim lasts passiveBudgetMs + this until it is answered, so WeChat's retry of a push
   * whose process died before answering is handled by another process instead of being dropped. @defaultValue 5000
   */
  passiveLeaseMarginMs?: number;
  /** Pushes whose `timestamp` is further than this from now are refused (replay protection). @defaultValue 300 */
  timestampWindowSec?: number;
  /**
   * How long a handled MsgId / event key is remembered to drop WeChat's retries. At least twice timestampWindowSec:
   * an exact copy of a push is dropped by this dedupe for as long as its signature is valid. @defaultValue 900
   */
  dedupeTtlSec?: number;
  /** How long a handoff waits for the shopper's next push to transfer the session. @defaultValue 86400 */
  transferTtlSec?: number;
  /** Turns this process runs at once from the durable inbox (api mode); more wait in Redis. @defaultValue 32 */
  turnConcurrency?: number;
  /**
   * Whether this process runs the turns of acknowledged pushes (api mode). false in a `--role web` process whose
   * `--role worker` peers run them, so acknowledgements never wait behind turns. @defaultValue true
   */
  runTurns?: boolean;
  /**
   * Outbound images: fetched from their URL within these limits, uploaded as temporary media and the media_id
   * reused from Redis for 2.5 days. @defaultValue {} (10 MB, 5 s fetch timeout, 2.5 days, failures retried after 5 min)
   */
  images?: ImageMediaSettings;
  /** Clock in ms, for tests. @defaultValue Date.now */
  now?: () => number;
}

/** {@link WechatOfficialOptions} with every default applied. */
export type ResolvedOptions = Required<Omit<WechatOfficialOptions, 'apps'>> & { apps: Map<string, WechatAppConfig> };

/**
 * Checks the options (listing every problem at once in a ConfigError, never echoing secrets) and applies the defaults.
 *
 * @example
 * resolveOptions({ kind: 'mini', apps: [{ appId, token, secret, format: 'json' }], redis, logger }).path; // '/wechat/mini'
 */
export function resolveOptions(options: WechatOfficialOptions): ResolvedOptions {
  const problems: string[] = [];
  if (options.kind !== 'official' && options.kind !== 'mini') problems.push(`kind must be 'official' or 'mini'.`);
  if (!Array.isArray(options.apps) || options.apps.length === 0) problems.push('apps must list at least one WeChat app.');
  const apps = new Map<string, WechatAppConfig>();
  for (const [i, app] of (options.apps ?? []).entries()) {
    const where = `apps[${i}]${app?.appId ? ` (${app.appId})` : ''}`;
    if (!app?.appId) problems.push(`${where}.appId is empty; copy the AppID from the WeChat console.`);
    if (!app?.token) problems.push(`${where}.token is empty; copy the Token from 服务器配置.`);
    if (!app?.secret) problems.push(`${where}.secret is empty; set the AppSecret (from env, never in files).`);
    if (app?.encodingAesKey !== undefined && app.encodingAesKey.length !== 43)
      problems.push(`${where}.encodingAesKey must have 43 characters; copy it again from 服务器配置.`);
    if (options.kind === 'official' && app?.format === 'json') problems.push(`${where}.format 'json' is for Mini Programs only.`);
    if (app?.appId && apps.has(app.appId)) problems.push(`${where}.appId is listed twice.`);
    if (app?.appId) apps.set(app.appId, app);
  }
  const windowSec = options.timestampWindowSec ?? 300;
  if ((options.dedupeTtlSec ?? 900) < 2 * windowSec)
    problems.push(
      `dedupeTtlSec must be at least 2 × timestampWindowSec (${2 * windowSec} s), so a copy of a push is dropped while its signature is valid.`,
    );
  if (options.replyMode !== undefined && !['api', 'passive'].includes(options.replyMode))
    problems.push(`replyMode must be 'api' or 'passive'.`);
  if (problems.length > 0) throw new ConfigError(problems);
  checkImageSettings(options.images, 'images');
  return {
    kind: options.kind,
    apps,
    redis: options.redis,
    keyPrefix: options.keyPrefix ?? 'kefu',
    logger: options.logger,
    apiBaseUrl: (options.apiBaseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    path: (options.path ?? (options.kind === 'mini' ? '/wechat/mini' : '/wechat/official')).replace(/\/+$/, ''),
    replyMode: options.replyMode ?? 'api',
    passiveBudgetMs: options.passiveBudgetMs ?? 3000,
    passiveLeaseMarginMs: options.passiveLeaseMarginMs ?? 5000,
    timestampWindowSec: windowSec,
    dedupeTtlSec: options.dedupeTtlSec ?? 900,
    transferTtlSec: options.transferTtlSec ?? 86_400,
    turnConcurrency: options.turnConcurrency ?? 32,
    runTurns: options.runTurns ?? true,
    images: options.images ?? {},
    now: options.now ?? Date.now,
  };
}
