import { z } from 'zod';

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
  /** Intent recogniser: `rules` (keywords/regex in flows only) or `model` (BERT in models/). @defaultValue rules */
  nlu: z.enum(['rules', 'model']).default('rules'),
  /** Model folder or hub id for the BERT recogniser. @defaultValue ./models/kefu-intent-zh */
  modelPath: z.string().min(1).default('./models/kefu-intent-zh'),
  /** Allow downloading models from a hub (off: offline). @defaultValue false */
  allowRemoteModels: z.stringbool().default(false),
  /** Token required by /admin/*; admin routes are disabled when unset. */
  adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** pino level. @defaultValue info */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Shop name used in templates ({{ shop.name }}). @defaultValue 小美优选 */
  shopName: z.string().min(1).default('小美优选'),
  /** Shop time zone, the default for shoppers. @defaultValue Asia/Shanghai */
  timezone: z.string().min(1).default('Asia/Shanghai'),
  /** Commerce backend: demo (fixture catalogue) or http (merchant REST API). @defaultValue demo */
  commerce: z.enum(['demo', 'http']).default('demo'),
  /** Base URL of the merchant REST API when commerce=http. */
  commerceUrl: z.string().url().optional(),
  /** Bearer token for the merchant REST API. */
  commerceToken: z.string().optional(),
  /** Web chat: max messages per connection per 10 s. @defaultValue 20 */
  webRateLimit: z.coerce.number().int().min(1).default(20),
  /** Web chat: max characters per message (longer ones are truncated with a notice). @defaultValue 2000 */
  maxMessageChars: z.coerce.number().int().min(10).default(2000),
  /** Public base URL of this kefu (for links in messages, e.g. one-click unsubscribe). @defaultValue http://localhost:3000 */
  publicUrl: z.string().url().default('http://localhost:3000'),
  /** Secret that signs unsubscribe links; when unset, one is generated once and shared through Redis. */
  linkSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Outreach quiet hours in the shopper's time zone, `HH:MM-HH:MM` or `off`; jobs due inside are postponed. @defaultValue 22:00-08:00 */
  quietHours: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM (e.g. 22:00-08:00) or off')
    .default('22:00-08:00'),
  /** Proactive messages per shopper per day, across channels. @defaultValue 2 */
  capPerDay: z.coerce.number().int().min(0).default(2),
  /** Proactive messages per shopper per 7 days, across channels. @defaultValue 5 */
  capPerWeek: z.coerce.number().int().min(0).default(5),
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
  KEFU_ALLOW_REMOTE_MODELS: 'allowRemoteModels',
  KEFU_ADMIN_TOKEN: 'adminToken',
  LOG_LEVEL: 'logLevel',
  KEFU_SHOP_NAME: 'shopName',
  KEFU_TIMEZONE: 'timezone',
  KEFU_COMMERCE: 'commerce',
  KEFU_COMMERCE_URL: 'commerceUrl',
  KEFU_COMMERCE_TOKEN: 'commerceToken',
  KEFU_WEB_RATE_LIMIT: 'webRateLimit',
  KEFU_MAX_MESSAGE_CHARS: 'maxMessageChars',
  KEFU_PUBLIC_URL: 'publicUrl',
  KEFU_LINK_SECRET: 'linkSecret',
  KEFU_QUIET_HOURS: 'quietHours',
  KEFU_CAP_PER_DAY: 'capPerDay',
  KEFU_CAP_PER_WEEK: 'capPerWeek',
};
