import type { FastifyInstance } from 'fastify';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelNeeds,
  ChannelStatus,
  ConversationRef,
  InboundHandler,
  Logger,
  OutboundMessage,
  SendOptions,
  SendResult,
} from '../../src/index';
import { ActivityIntake } from './activity-intake';
import { ActivitySender } from './activity-sender';
import { ConnectorClient } from './connector-client';
import { CHANNEL } from './constants';
import { registerMessageRoutes } from './message-routes';
import { resolveBotFrameworkOptions, type BotFrameworkOptions, type ResolvedBotFrameworkOptions } from './options';
import { ReferenceStore } from './reference-store';
import { BOTFRAMEWORK_OUTBOUND } from './render-activities';
import { RequestAuthenticator } from './request-auth';
import { TokenClient } from './token-client';

/**
 * Bot Framework channels (Azure Bot Service: Web Chat, Direct Line, Teams, …; the Bot Framework Emulator) over the
 * Activity protocol. Channels POST Activities to `/api/messages`; with an App ID every request must carry a token the
 * channel service signed (else 401, nothing processed); without one only the Emulator on this machine is served (loopback
 * caller and serviceUrl) unless `allowUnauthenticated`. Replies go to the Activity's serviceUrl with the bot's
 * client-credentials token; each conversation's reference is kept in Redis, so outreach can write later.
 *
 * @example
 * const bf = new BotFrameworkAdapter({ appId, appPassword, redis, logger });
 * const app = await buildServer({ config, logger, adapters: [bf], readiness }); // POST /api/messages
 * await bf.start((msg) => bot.handle(msg));
 */
export class BotFrameworkAdapter implements ChannelAdapter {
  readonly name = CHANNEL;
  /** Nothing to hold between requests: any process answers Activities and sends outreach. */
  readonly needs: ChannelNeeds = { roles: 'any' };
  readonly capabilities: ChannelCapabilities = { outbound: BOTFRAMEWORK_OUTBOUND, proactive: true, typing: true, idempotent: true };
  private readonly options: ResolvedBotFrameworkOptions;
  private readonly log: Logger;
  private readonly tokens?: TokenClient;
  private readonly sender: ActivitySender;
  private readonly intake: ActivityIntake;
  private handler?: InboundHandler;
  private since = Date.now();

  constructor(options: BotFrameworkOptions) {
    const o = (this.options = resolveBotFrameworkOptions(options));
    this.log = o.logger.child({ adapter: CHANNEL });
    if (o.credentials) this.tokens = new TokenClient(o.credentials, o.requestTimeoutMs, o.now);
    const store = new ReferenceStore(o.redis, o.keyPrefix, o.referenceTtlSec);
    this.sender = new ActivitySender(new ConnectorClient(this.tokens, o.requestTimeoutMs), store, this.log, o.transcript);
    this.intake = new ActivityIntake({
      ...(o.credentials && { auth: new RequestAuthenticator(o.credentials.appId, o.trust, o.requestTimeoutMs) }),
      localOnly: !o.allowUnauthenticated,
      store,
      welcomeEvent: o.welcomeEvent,
      typingAfterMs: o.typingAfterMs,
      typing: (reference, replyTo) => this.sender.typing(reference, replyTo),
      log: this.log,
      now: o.now,
    });
    if (o.credentials) return;
    if (o.allowUnauthenticated)
      this.log.warn(
        'botframework: !!! UNAUTHENTICATED FROM ANYWHERE !!! no App ID and KEFU_BOTFRAMEWORK_EMULATOR=true: anyone who reaches POST ' +
          `${o.path} is served and can make kefu POST to a serviceUrl of their choice. Development only. ` +
          'Fix: set KEFU_BOTFRAMEWORK_APP_ID and KEFU_BOTFRAMEWORK_PASSWORD, or unset KEFU_BOTFRAMEWORK_EMULATOR (then only this machine is served).',
      );
    else
      this.log.info(
        `botframework: no App ID, POST ${o.path} serves only the Bot Framework Emulator on this machine (loopback caller and serviceUrl)`,
      );
  }

  /** The messaging endpoint's path. */
  get path(): string {
    return this.options.path;
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerMessageRoutes(app, {
      path: this.options.path,
      maxBodyBytes: this.options.maxBodyBytes,
      log: this.log,
      accepting: () => this.handler !== undefined,
      onActivity: (body, origin) => this.intake.take(body, origin, (message) => this.handler!(message)),
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    if (this.handler) return;
    this.handler = handler;
    this.since = Date.now();
  }

  async stop(): Promise<void> {
    if (this.handler) this.since = Date.now();
    this.handler = undefined;
  }

  status(): ChannelStatus {
    const app = this.options.credentials?.appId;
    const detail = app
      ? `Bot Framework 应用 ${app}`
      : this.options.allowUnauthenticated
        ? 'Bot Framework 模拟器模式：不验证身份，接受任何来源的请求（仅限开发调试）'
        : 'Bot Framework 未设置 App ID：只接受本机模拟器的请求';
    const tokens = app && this.tokens ? [{ account: app, ...(this.tokens.expiresAt && { expiresAt: this.tokens.expiresAt }) }] : undefined;
    return { state: this.handler ? 'online' : 'offline', since: this.since, detail, ...(tokens && { tokens }) };
  }

  send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    return this.sender.send(ref, message, options);
  }

  /** How many tokens this process fetched from the token endpoint (tests, diagnostics). */
  get tokenFetches(): number {
    return this.tokens?.fetches ?? 0;
  }
}
