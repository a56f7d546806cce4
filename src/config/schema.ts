import { z } from 'zod';
import { isTimeZone } from '../flows/service/zoned-time';

/** A JSON-valued environment variable checked against `schema` (a parse error names the variable); already-parsed values (overrides) pass as they are. */
function json<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  }, schema);
}

const TRUST_PROXY_HELP = 'must be false, true, a hop count (1-32) or comma-separated proxy addresses/CIDRs such as 127.0.0.1,10.0.0.0/8';

/** KEFU_TRUST_PROXY as fastify's `trustProxy`: `true`/`false`, a hop count, or a list of proxy addresses/CIDRs. */
function parseTrustProxy(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false' || v === '0') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

/** WeChat's server-config token: 3–32 letters or digits. */
const wechatToken = z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be the 3–32 letters/digits token from the platform server settings');
/** EncodingAESKey: 43 letters/digits (safe mode). */
const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey from the platform server settings');
/** kefu template name → the WeChat subscription template it is sent as. */
const subscriptionTemplates = z.record(
  z.string().min(1),
  z
    .object({
      templateId: z.string().min(1),
      page: z.string().optional(),
      textField: z.string().min(1),
      data: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
);
/** One Official Account or Mini Program app. */
const wechatApp = z
  .object({
    appId: z.string().min(1),
    token: wechatToken,
    encodingAesKey: aesKey.optional(),
    secret: z.string().min(1),
    format: z.enum(['xml', 'json']).optional(),
    subscriptionTemplates: subscriptionTemplates.optional(),
  })
  .strict();

/** Shape of one extra app in KEFU_WECHAT_OFFICIAL_APPS / KEFU_WECHAT_MINI_APPS. */
export type WechatAppConfig = z.infer<typeof wechatApp>;

/**
 * Every setting kefu reads, validated once at start-up (see {@link loadConfig}).
 * Environment variable names are the keys of {@link ENV_KEYS}.
 */
export const configSchema = z.object({
  /** HTTP port. @defaultValue 3000 */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. @defaultValue 0.0.0.0 */
  host: z.string().min(1).default('0.0.0.0'),
  /** Process role: web (HTTP + channels), worker (outreach jobs), or all. @defaultValue all */
  role: z.enum(['web', 'worker', 'all']).default('all'),
  /** Redis URL; when unset kefu tries 127.0.0.1:6379, then a private redis-server child. */
  redisUrl: z.string().url().optional(),
  /** Key prefix for everything kefu keeps in Redis. @defaultValue kefu */
  redisPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('kefu'),
  /** typeorm database: `sqlite:<file>`, `postgres://…`, `mysql://…`/`mariadb://…`. @defaultValue sqlite:./data/kefu.sqlite */
  databaseUrl: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/, 'must start with sqlite:, postgres://, mysql:// or mariadb://')
    .default('sqlite:./data/kefu.sqlite'),
  /** Where kefu keeps local files (SQLite, private Redis). @defaultValue ./data */
  dataDir: z.string().min(1).default('./data'),
  /** Flow directory (YAML). @defaultValue ./flows */
  flowsDir: z.string().min(1).default('./flows'),
  /**
   * Intent recogniser: `model` (the intent model in models/, see KEFU_NLU_MODEL; flows' keywords and regex still
   * apply) or `rules` (flows' keywords and regex only). @defaultValue model
   */
  nlu: z.enum(['rules', 'model']).default('model'),
  /**
   * Which shipped intent model `KEFU_NLU=model` runs: `teacher` (bge-small-zh fine-tuned, the accurate one) or
   * `student` (distilled from it, 4 layers × 256: several times the throughput, for live rooms and bursts).
   * @defaultValue teacher
   */
  nluModel: z.enum(['teacher', 'student']).default('teacher'),
  /** Model folder or hub id for the BERT recogniser; overrides `KEFU_NLU_MODEL`. @defaultValue ./models/kefu-intent-<KEFU_NLU_MODEL> */
  modelPath: z.string().min(1).optional(),
  /** Allow downloading models from a hub (off: offline). @defaultValue false */
  allowRemoteModels: z.stringbool().default(false),
  /**
   * Classifier weights for `KEFU_NLU=model`: auto (int8 onnx/model_quantized.onnx when the folder has it, as the
   * shipped models do: same accuracy, 2-3x the speed), q8, or fp32 (onnx/model.onnx, made by `npm run nlu:train`).
   * @defaultValue auto
   */
  nluDtype: z.enum(['fp32', 'q8', 'auto']).default('auto'),
  /** Token required by /admin/* and POST /events; both are disabled when unset. Also opens GET /metrics and the details of GET /readyz. */
  adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Bearer token for GET /metrics (Prometheus); the admin token is accepted too. /metrics is off when neither is set. */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Requests per minute from one client address to /admin/* (admin API and Bull Board). @defaultValue 120 */
  adminRateLimit: z.coerce.number().int().min(1).default(120),
  /** Refused admin tokens (401 on /admin/*, POST /events, /metrics or /readyz with a token) per 15 minutes from one client address; past it that address gets 429 even with the right token until the window ends. @defaultValue 10 */
  adminAuthFailures: z.coerce.number().int().min(1).default(10),
  /** Requests per minute from one client address to POST /events (each may carry 1,000 events). @defaultValue 600 */
  eventsRateLimit: z.coerce.number().int().min(1).default(600),
  /** Requests per minute from one client address to /unsubscribe (the link's confirm page and its POST). @defaultValue 30 */
  unsubscribeRateLimit: z.coerce.number().int().min(1).default(30),
  /**
   * Which proxies to believe about the client address (X-Forwarded-For), for the rate limits and logs: `false`
   * (the TCP peer is the client), the proxies' addresses or CIDRs (`127.0.0.1,10.0.0.0/8`), a hop count (`1`), or
   * `true` (any: only when every request passes through your proxy). Behind a load balancer or reverse proxy, set it,
   * or every shopper shares the proxy's address and its limits. @defaultValue false
   */
  trustProxy: z
    .preprocess(
      parseTrustProxy,
      z.union([
        z.boolean(),
        z.number().int().min(1).max(32),
        z.array(z.string().regex(/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/, TRUST_PROXY_HELP)).min(1, TRUST_PROXY_HELP),
      ]),
    )
    .default(false),
  /** pino level. @defaultValue info */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Shop name used in templates ({{ shop.name }}). @defaultValue 小美优选 */
  shopName: z.string().min(1).default('小美优选'),
  /** Shop time zone, the default for shoppers. @defaultValue Asia/Shanghai */
  timezone: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai or Asia/Tokyo').default('Asia/Shanghai'),
  /** Commerce backend: demo (fixture catalogue) or http (merchant REST API). @defaultValue demo */
  commerce: z.enum(['demo', 'http']).default('demo'),
  /** Base URL of the merchant REST API when commerce=http. */
  commerceUrl: z.string().url().optional(),
  /** Bearer token for the merchant REST API. */
  commerceToken: z.string().optional(),
  /** Web chat: max messages per connection per 10 s. @defaultValue 20 */
  webRateLimit: z.coerce.number().int().min(1).default(20),
  /** Web chat: max messages per 10 s from one client address, across all its connections; 0 turns it off. Per process. @defaultValue 100 */
  webIpRateLimit: z.coerce.number().int().min(0).default(100),
  /** Web chat: max open chat connections from one client address; more are refused (close code 1013); 0 turns it off. Per process. @defaultValue 30 */
  webIpConnections: z.coerce.number().int().min(0).default(30),
  /** Web chat: max characters per message (longer ones are truncated with a notice). @defaultValue 2000 */
  maxMessageChars: z.coerce.number().int().min(10).default(2000),
  /** Web chat: after a shopper's last tab closes they still count as connected this long, ms (moving to another page); outreach due meanwhile waits for the page instead of being suppressed. @defaultValue 10000 */
  webPresenceGraceMs: z.coerce.number().int().min(0).max(300_000).default(10_000),
  /** Public base URL of this kefu (for links in messages, e.g. one-click unsubscribe). @defaultValue http://localhost:3000 */
  publicUrl: z.string().url().default('http://localhost:3000'),
  /** Secret that signs unsubscribe links; when unset, one is generated once and shared through Redis. */
  linkSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Secret shared with the shop's backend that signs shopper identities (JWT HS256 `{ sub: <customer id>, exp }`,
   * docs/identity.md). Unset: identities from the web widget are ignored and every web shopper is an anonymous visitor.
   */
  identitySecret: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  /** Outreach quiet hours in the shopper's time zone, `HH:MM-HH:MM` or `off`; jobs due inside are postponed. @defaultValue 22:00-08:00 */
  quietHours: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM (e.g. 22:00-08:00) or off')
    .default('22:00-08:00'),
  /** Proactive messages per shopper per day, across channels. @defaultValue 2 */
  capPerDay: z.coerce.number().int().min(0).default(2),
  /** Proactive messages per shopper per 7 days, across channels. @defaultValue 5 */
  capPerWeek: z.coerce.number().int().min(0).default(5),
  /** Hours after an outreach message or a chat that showed the product / issued the coupon within which a paid order is credited to it (docs/attribution.md). @defaultValue 72 */
  attributionWindowHours: z.coerce.number().int().min(1).max(720).default(72),

  /** WeChat Official Account (公众号) app id; setting it (with token and secret) opens the Official Account door at /wechat/official/<appId>. */
  wechatOfficialAppId: z.string().min(1).optional(),
  /** Official Account server-config token (服务器配置 → 令牌). */
  wechatOfficialToken: wechatToken.optional(),
  /** Official Account EncodingAESKey, required for safe mode (安全模式, recommended). */
  wechatOfficialAesKey: aesKey.optional(),
  /** Official Account AppSecret, for access_token. */
  wechatOfficialSecret: z.string().min(1).optional(),
  /** More Official Accounts: a JSON array of `{appId, token, encodingAesKey?, secret, subscriptionTemplates?}`. */
  wechatOfficialApps: json(z.array(wechatApp)).optional(),
  /** Mini Program (小程序) app id; setting it (with token and secret) opens the Mini Program door at /wechat/mini/<appId>. */
  wechatMiniAppId: z.string().min(1).optional(),
  /** Mini Program message-push token. */
  wechatMiniToken: wechatToken.optional(),
  /** Mini Program EncodingAESKey (safe mode). */
  wechatMiniAesKey: aesKey.optional(),
  /** Mini Program AppSecret. */
  wechatMiniSecret: z.string().min(1).optional(),
  /** Mini Program push format chosen in its message-push settings. @defaultValue json */
  wechatMiniFormat: z.enum(['json', 'xml']).default('json'),
  /** More Mini Programs: a JSON array like KEFU_WECHAT_OFFICIAL_APPS (with `format`). */
  wechatMiniApps: json(z.array(wechatApp)).optional(),
  /** Subscription messages (订阅消息) of the single-app settings above: JSON `{ "<kefu template>": {templateId, page?, textField, data?} }`. */
  wechatSubscriptionTemplates: json(subscriptionTemplates).optional(),
  /** WeChat API base URL (a test or proxy server may replace it). @defaultValue https://api.weixin.qq.com */
  wechatApiBase: z.string().url().default('https://api.weixin.qq.com'),
  /** `api`: acknowledge every push at once and answer through the customer-service API; `passive`: the first reply rides on the push's answer when the turn ends within 3 s. @defaultValue api */
  wechatReplyMode: z.enum(['api', 'passive']).default('api'),
  /**
   * Internal hosts kefu may fetch media from (images sent on WeChat doors), comma-separated host names or `host:port`;
   * any other host that resolves to a loopback, private, link-local or other internal address is refused. @defaultValue none
   */
  mediaFetchAllowHosts: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+|[0-9a-f:.]+)(:\d{1,5})?$/, 'must be comma-separated host names or host:port'),
      ),
    )
    .default([]),
  /** Turns one process runs at once from a WeChat door's durable inbox (more wait in Redis); lower keeps webhook acknowledgements quick under bursts. @defaultValue 8 */
  inboxConcurrency: z.coerce.number().int().min(1).max(1000).default(8),
  /** WeCom corp id (企业ID); setting it (with the kf secret, token and AES key) opens the 微信客服 door at /wecom/kf. */
  wecomCorpId: z.string().min(1).optional(),
  /** 微信客服 Secret. */
  wecomKfSecret: z.string().min(1).optional(),
  /** 微信客服 callback token. */
  wecomKfToken: wechatToken.optional(),
  /** 微信客服 callback EncodingAESKey. */
  wecomKfAesKey: aesKey.optional(),
  /** WeCom API base URL. @defaultValue https://qyapi.weixin.qq.com */
  wecomApiBase: z.string().url().default('https://qyapi.weixin.qq.com'),
  /** Welcome line sent when a shopper enters a 微信客服 session, or `off`. @defaultValue 您好，我是店铺智能客服，有什么可以帮您？ */
  wecomKfWelcome: z.string().min(1).default('您好，我是店铺智能客服，有什么可以帮您？'),
  /** WeCom user id of the human agent a handoff goes to; unset: the waiting pool. */
  wecomKfServicer: z.string().min(1).optional(),
  /** Bot Framework: the bot's Microsoft App ID; with it (and the password) every request at POST /api/messages is authenticated; without it only the local Emulator is served. */
  botframeworkAppId: z.string().min(1).optional(),
  /** Bot Framework: the App ID's client secret (password). */
  botframeworkPassword: z.string().min(1).optional(),
  /** Bot Framework: the Entra tenant id of a single-tenant bot; unset: multi-tenant. */
  botframeworkTenant: z.string().min(1).optional(),
  /** Bot Framework without an App ID: true accepts unauthenticated requests from anywhere (development only); false serves only the local Emulator (loopback). @defaultValue false */
  botframeworkEmulator: z.stringbool().default(false),
  /** Bot Framework: OpenID metadata of the channel service's signing keys (a test server may replace it). */
  botframeworkOpenIdUrl: z.string().url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  /** Bot Framework: Entra login base URL (token endpoint, single-tenant metadata; a test server may replace it). */
  botframeworkLoginUrl: z.string().url().default('https://login.microsoftonline.com'),
  /** wechaty puppet package (e.g. wechaty-puppet-wechat4u, wechaty-puppet-service); setting it opens the personal/WeCom account door. */
  wechatyPuppet: z
    .string()
    .regex(/^(@[a-z0-9-]+\/)?wechaty-puppet-[a-z0-9-]+$/, 'must be a wechaty puppet package name such as wechaty-puppet-wechat4u')
    .optional(),
  /** Token of wechaty-puppet-service. */
  wechatyPuppetToken: z.string().min(1).optional(),
  /** Words that make the bot answer in a group without an @-mention, comma-separated (e.g. 客服,优惠券). */
  wechatyRoomKeywords: z
    .string()
    .transform((s) =>
      s
        .split(/[,，]/)
        .map((w) => w.trim())
        .filter(Boolean),
    )
    .optional(),
  /** Minimum gap between two wechaty sends (web-protocol accounts are throttled when faster). @defaultValue 1200 */
  wechatyPaceMs: z.coerce.number().int().min(0).default(1200),
  /**
   * Live-stream rooms file (直播间: platform, room id, products with link numbers, live flow file; see
   * adapters/live/README.md). Unset: no live rooms.
   */
  liveRooms: z.string().min(1).optional(),
  /**
   * Which intent model live rooms triage comments with when `KEFU_NLU=model`: the fast `student` (the core's own
   * model when it is the student too), or `rules` (the live flow's keywords alone). @defaultValue student
   */
  liveNlu: z.enum(['student', 'rules']).default('student'),
  /** AppID of the shop's Mini Program; with KEFU_MINIPROGRAM_PAGE, product cards open the product there on WeChat doors that send mini-program cards. */
  miniProgramAppId: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/i, 'must be a Mini Program AppID: wx and 16 hex characters (小程序后台 → 开发管理 → 开发设置)')
    .optional(),
  /** Mini Program page of a product, `{id}` standing for the product id (e.g. `pages/goods/detail?id={id}`). */
  miniProgramPage: z
    .string()
    .regex(
      /^\S*\{id\}\S*$/,
      'must be a page path from app.json with {id} where the product id goes, without spaces (e.g. pages/goods/detail?id={id})',
    )
    .optional(),
  /** Original id (原始ID, gh_…) of that Mini Program; personal accounts (wechaty) send mini-program cards only with it. */
  miniProgramUsername: z
    .string()
    .regex(
      /^gh_[0-9A-Za-z]+(@app)?$/,
      'must be the original id of the Mini Program, e.g. gh_1a2b3c4d5e6f (小程序后台 → 设置 → 基本设置 → 原始ID)',
    )
    .transform((id) => (id.endsWith('@app') ? id : `${id}@app`))
    .optional(),
});

export type KefuConfig = z.infer<typeof configSchema>;

/** Environment variable → config key. */
export const ENV_KEYS: Record<string, keyof KefuConfig> = {
  PORT: 'port',
  HOST: 'host',
  KEFU_ROLE: 'role',
  REDIS_URL: 'redisUrl',
  KEFU_REDIS_PREFIX: 'redisPrefix',
  DATABASE_URL: 'databaseUrl',
  KEFU_DATA_DIR: 'dataDir',
  KEFU_FLOWS_DIR: 'flowsDir',
  KEFU_NLU: 'nlu',
  KEFU_MODEL: 'modelPath',
  KEFU_NLU_MODEL: 'nluModel',
  KEFU_ALLOW_REMOTE_MODELS: 'allowRemoteModels',
  KEFU_NLU_DTYPE: 'nluDtype',
  KEFU_ADMIN_TOKEN: 'adminToken',
  KEFU_METRICS_TOKEN: 'metricsToken',
  KEFU_ADMIN_RATE_LIMIT: 'adminRateLimit',
  KEFU_ADMIN_AUTH_FAILURES: 'adminAuthFailures',
  KEFU_EVENTS_RATE_LIMIT: 'eventsRateLimit',
  KEFU_UNSUBSCRIBE_RATE_LIMIT: 'unsubscribeRateLimit',
  KEFU_TRUST_PROXY: 'trustProxy',
  LOG_LEVEL: 'logLevel',
  KEFU_SHOP_NAME: 'shopName',
  KEFU_TIMEZONE: 'timezone',
  KEFU_COMMERCE: 'commerce',
  KEFU_COMMERCE_URL: 'commerceUrl',
  KEFU_COMMERCE_TOKEN: 'commerceToken',
  KEFU_WEB_RATE_LIMIT: 'webRateLimit',
  KEFU_WEB_IP_RATE_LIMIT: 'webIpRateLimit',
  KEFU_WEB_IP_CONNECTIONS: 'webIpConnections',
  KEFU_MAX_MESSAGE_CHARS: 'maxMessageChars',
  KEFU_WEB_PRESENCE_GRACE_MS: 'webPresenceGraceMs',
  KEFU_PUBLIC_URL: 'publicUrl',
  KEFU_LINK_SECRET: 'linkSecret',
  KEFU_IDENTITY_SECRET: 'identitySecret',
  KEFU_QUIET_HOURS: 'quietHours',
  KEFU_CAP_PER_DAY: 'capPerDay',
  KEFU_CAP_PER_WEEK: 'capPerWeek',
  KEFU_ATTRIBUTION_WINDOW_HOURS: 'attributionWindowHours',
  KEFU_WECHAT_OFFICIAL_APP_ID: 'wechatOfficialAppId',
  KEFU_WECHAT_OFFICIAL_TOKEN: 'wechatOfficialToken',
  KEFU_WECHAT_OFFICIAL_AES_KEY: 'wechatOfficialAesKey',
  KEFU_WECHAT_OFFICIAL_SECRET: 'wechatOfficialSecret',
  KEFU_WECHAT_OFFICIAL_APPS: 'wechatOfficialApps',
  KEFU_WECHAT_MINI_APP_ID: 'wechatMiniAppId',
  KEFU_WECHAT_MINI_TOKEN: 'wechatMiniToken',
  KEFU_WECHAT_MINI_AES_KEY: 'wechatMiniAesKey',
  KEFU_WECHAT_MINI_SECRET: 'wechatMiniSecret',
  KEFU_WECHAT_MINI_FORMAT: 'wechatMiniFormat',
  KEFU_WECHAT_MINI_APPS: 'wechatMiniApps',
  KEFU_WECHAT_SUBSCRIPTION_TEMPLATES: 'wechatSubscriptionTemplates',
  KEFU_WECHAT_API_BASE: 'wechatApiBase',
  KEFU_WECHAT_REPLY_MODE: 'wechatReplyMode',
  KEFU_INBOX_CONCURRENCY: 'inboxConcurrency',
  KEFU_MEDIA_FETCH_ALLOW_HOSTS: 'mediaFetchAllowHosts',
  KEFU_WECOM_CORP_ID: 'wecomCorpId',
  KEFU_WECOM_KF_SECRET: 'wecomKfSecret',
  KEFU_WECOM_KF_TOKEN: 'wecomKfToken',
  KEFU_WECOM_KF_AES_KEY: 'wecomKfAesKey',
  KEFU_WECOM_API_BASE: 'wecomApiBase',
  KEFU_WECOM_KF_WELCOME: 'wecomKfWelcome',
  KEFU_WECOM_KF_SERVICER: 'wecomKfServicer',
  KEFU_BOTFRAMEWORK_APP_ID: 'botframeworkAppId',
  KEFU_BOTFRAMEWORK_PASSWORD: 'botframeworkPassword',
  KEFU_BOTFRAMEWORK_TENANT: 'botframeworkTenant',
  KEFU_BOTFRAMEWORK_EMULATOR: 'botframeworkEmulator',
  KEFU_BOTFRAMEWORK_OPENID_URL: 'botframeworkOpenIdUrl',
  KEFU_BOTFRAMEWORK_LOGIN_URL: 'botframeworkLoginUrl',
  KEFU_WECHATY_PUPPET: 'wechatyPuppet',
  KEFU_WECHATY_PUPPET_TOKEN: 'wechatyPuppetToken',
  KEFU_WECHATY_ROOM_KEYWORDS: 'wechatyRoomKeywords',
  KEFU_WECHATY_PACE_MS: 'wechatyPaceMs',
  KEFU_LIVE_ROOMS: 'liveRooms',
  KEFU_LIVE_NLU: 'liveNlu',
  KEFU_MINIPROGRAM_APPID: 'miniProgramAppId',
  KEFU_MINIPROGRAM_PAGE: 'miniProgramPage',
  KEFU_MINIPROGRAM_USERNAME: 'miniProgramUsername',
};
