import type { Redis } from 'ioredis';
import { ConfigError, type ConversationRef, type Logger } from '../../src/index';
import {
  BOT_FRAMEWORK_ISSUER,
  DEFAULT_LOGIN_BASE_URL,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_OPENID_METADATA_URL,
  DEFAULT_PATH,
  MULTI_TENANT,
} from './constants';

/** One line of the recent transcript a handoff event carries. */
export interface TranscriptLine {
  from: 'shopper' | 'bot';
  text: string;
  /** ms since epoch. */
  at: number;
}

/** Options of {@link BotFrameworkAdapter}. */
export interface BotFrameworkOptions {
  /** The bot's Microsoft App ID (Azure Bot → Configuration). With it every request needs a valid channel token. */
  appId?: string;
  /** The App ID's client secret (password), for the token replies are sent with. Never logged. */
  appPassword?: string;
  /** The Entra tenant of a single-tenant bot; unset: multi-tenant (`botframework.com`). */
  tenantId?: string;
  /**
   * Without an appId requests carry no token and replies none either; by default only requests from this machine
   * (loopback, no proxy header) whose serviceUrl is on this machine are accepted: the local Bot Framework Emulator.
   * `true` accepts unauthenticated requests from anywhere, with any serviceUrl: development only. Ignored with an
   * appId. @defaultValue false
   */
  allowUnauthenticated?: boolean;
  /** Shared Redis: conversation references, seen activity ids and sent idempotency keys. */
  redis: Redis;
  /** Redis key prefix. @defaultValue 'kefu' */
  keyPrefix?: string;
  logger: Logger;
  /** The messaging endpoint's path. @defaultValue '/api/messages' */
  path?: string;
  /** Largest accepted request body; larger → 413. @defaultValue 262144 (256 KB) */
  maxBodyBytes?: number;
  /** OpenID metadata whose JWKS signs the channel service's tokens (a fake in tests). @defaultValue https://login.botframework.com/v1/.well-known/openidconfiguration */
  openIdMetadataUrl?: string;
  /** Entra login base URL: the token endpoint and a single tenant's metadata (a fake in tests). @defaultValue https://login.microsoftonline.com */
  loginBaseUrl?: string;
  /** Event type a shopper joining the conversation (conversationUpdate membersAdded) is delivered as. @defaultValue 'visit' (starts the welcome flow) */
  welcomeEvent?: string;
  /** Send a typing Activity when a turn takes longer than this (ms); 0: at once; false: never. @defaultValue 400 */
  typingAfterMs?: number | false;
  /** The recent transcript of a conversation, for the handoff event. @defaultValue none (the event carries an empty transcript) */
  transcript?: (ref: ConversationRef) => Promise<TranscriptLine[]>;
  /** How long a conversation reference is kept after the shopper's last activity (s). @defaultValue 90 days */
  referenceTtlSec?: number;
  /** Timeout of one call to the connector or the token endpoint (ms). @defaultValue 10000 */
  requestTimeoutMs?: number;
  /** Clock (ms), for tests. @defaultValue Date.now */
  now?: () => number;
}

/** Options with every default applied. */
export interface ResolvedBotFrameworkOptions extends Required<
  Omit<BotFrameworkOptions, 'appId' | 'appPassword' | 'tenantId' | 'transcript'>
> {
  /** Present when requests are authenticated and replies carry a token. */
  credentials?: { appId: string; appPassword: string; tenantId?: string; tokenUrl: string };
  /** Accepted token issuers → the OpenID metadata listing their keys. */
  trust: { issuers: string[]; metadataUrl: string }[];
  transcript?: (ref: ConversationRef) => Promise<TranscriptLine[]>;
}

const DAY_SEC = 86_400;
const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Checks the options (ConfigError lists all problems, never values) and applies defaults. */
export function resolveBotFrameworkOptions(options: BotFrameworkOptions): ResolvedBotFrameworkOptions {
  const problems: string[] = [];
  const appId = options.appId?.trim();
  if (appId && !options.appPassword?.trim())
    problems.push('botframework: appPassword is empty (Azure Bot → Configuration → Manage Password → a client secret).');
  if (!options.redis) problems.push('botframework: redis is required (conversation references and dedupe are shared there).');
  if (problems.length > 0) throw new ConfigError(problems);
  const login = trimSlash(options.loginBaseUrl ?? DEFAULT_LOGIN_BASE_URL);
  const tenant = options.tenantId?.trim() || undefined;
  const trust = [{ issuers: [BOT_FRAMEWORK_ISSUER], metadataUrl: options.openIdMetadataUrl ?? DEFAULT_OPENID_METADATA_URL }];
  // Single-tenant bots may also get tokens Entra issued for their tenant.
  if (tenant)
    trust.push({
      issuers: [`https://sts.windows.net/${tenant}/`, `${login}/${tenant}/v2.0`],
      metadataUrl: `${login}/${tenant}/v2.0/.well-known/openid-configuration`,
    });
  return {
    allowUnauthenticated: options.allowUnauthenticated ?? false,
    redis: options.redis,
    keyPrefix: options.keyPrefix ?? 'kefu',
    logger: options.logger,
    path: options.path ?? DEFAULT_PATH,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    openIdMetadataUrl: options.openIdMetadataUrl ?? DEFAULT_OPENID_METADATA_URL,
    loginBaseUrl: login,
    welcomeEvent: options.welcomeEvent ?? 'visit',
    typingAfterMs: options.typingAfterMs ?? 400,
    referenceTtlSec: options.referenceTtlSec ?? 90 * DAY_SEC,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    now: options.now ?? Date.now,
    trust,
    ...(options.transcript && { transcript: options.transcript }),
    ...(appId && {
      credentials: {
        appId,
        appPassword: options.appPassword!,
        ...(tenant && { tenantId: tenant }),
        tokenUrl: `${login}/${tenant ?? MULTI_TENANT}/oauth2/v2.0/token`,
      },
    }),
  };
}
