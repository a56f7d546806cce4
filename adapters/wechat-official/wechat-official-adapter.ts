import type { FastifyInstance } from 'fastify';
import {
  DurableInbox,
  inboxChannelHealth,
  type ChannelAdapter,
  type ChannelHealth,
  type ChannelCapabilities,
  type ChannelNeeds,
  type ChannelStatus,
  type ConversationRef,
  type InboundHandler,
  type Logger,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { NonceReplayGuard } from '../../src/kits/wechat';
import { createAppRuntimes, type AppRuntime } from './app-runtime';
import { HeldReplies } from './held-replies';
import { resolveOptions, type ResolvedOptions, type WechatOfficialOptions } from './options';
import { PushIntake, SUCCESS } from './push-intake';
import { PushSender } from './push-sender';
import { PushStore } from './push-store';
import { OUTBOUND_TYPES } from './render-outbound';
import type { PushQuery } from './verify-push';
import { registerWebhookRoutes, type PushAnswer, type WebhookTarget } from './webhook-routes';

/**
 * WeChat Official Account (公众号/服务号, name `wechat-official`) or Mini Program (小程序, name `wechat-mini`)
 * customer-service messages: the verified (and in safe mode decrypted) push webhook at `${path}/:appId`, replies
 * through the customer-service API or as passive replies, subscription messages, and handoff to human agents.
 * It composes a {@link PushIntake} (webhook → verify → open → normalise → keep) and a {@link PushSender} (API sends,
 * passive replies, images, cards, subscriptions, handoff), which share the apps, the Redis push store and the held
 * passive replies.
 *
 * @example
 * const official = new WechatOfficialAdapter({ kind: 'official', apps: [{ appId, token, encodingAesKey, secret }], redis, logger });
 * await official.registerRoutes(app); // GET/POST /wechat/official/:appId
 * await official.start((msg) => bot.handle(msg));
 */
export class WechatOfficialAdapter implements ChannelAdapter, WebhookTarget {
  readonly name: 'wechat-official' | 'wechat-mini';
  readonly capabilities: ChannelCapabilities = { outbound: OUTBOUND_TYPES, proactive: true, idempotent: false, miniProgramCards: true };
  /** Pushes are acknowledged and kept in the durable inbox; workers run their turns and send. */
  readonly needs: ChannelNeeds = { roles: 'any', durableInbox: true };
  readonly log: Logger;
  private readonly options: ResolvedOptions;
  private readonly apps: Map<string, AppRuntime>;
  private readonly held = new HeldReplies();
  private readonly intake: PushIntake;
  private readonly sender: PushSender;
  private handler?: InboundHandler;
  private inbox?: DurableInbox;
  private since = Date.now();

  constructor(options: WechatOfficialOptions) {
    this.options = resolveOptions(options);
    this.name = this.options.kind === 'mini' ? 'wechat-mini' : 'wechat-official';
    this.log = this.options.logger.child({ adapter: this.name });
    const { redis, keyPrefix, timestampWindowSec } = this.options;
    this.apps = createAppRuntimes(this.name, this.options);
    const prefix = `${keyPrefix}:wechat:${this.name}`;
    const store = new PushStore(redis, prefix, this.options);
    const shared = { name: this.name, options: this.options, apps: this.apps, store, held: this.held, log: this.log };
    this.intake = new PushIntake({
      ...shared,
      guard: new NonceReplayGuard({ redis, prefix, windowSec: timestampWindowSec }),
      handler: () => this.handler,
      inbox: () => this.inbox,
    });
    this.sender = new PushSender(shared);
  }

  /** Webhook path prefix; WeChat's server URL is `${path}/<appId>`. */
  get path(): string {
    return this.options.path;
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerWebhookRoutes(app, this.path, this);
  }

  async start(handler: InboundHandler): Promise<void> {
    if (this.handler) return;
    const { redis, keyPrefix, turnConcurrency, runTurns } = this.options;
    this.inbox = new DurableInbox({ redis, key: `${keyPrefix}:inbox:${this.name}`, logger: this.log, concurrency: turnConcurrency });
    if (runTurns) await this.inbox.start(handler); // else worker processes take the turns from Redis
    this.handler = handler;
    this.since = Date.now();
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    this.held.releaseAll(SUCCESS.body);
    await this.inbox?.stop();
    this.inbox = undefined;
  }

  status(): ChannelStatus {
    const detail = `${this.apps.size} app(s), reply mode ${this.options.replyMode}`;
    const tokens = [...this.apps.values()].map((app) => app.api.health.report());
    return { state: this.handler ? 'online' : 'offline', detail, since: this.since, tokens };
  }

  /** Whether this process can read the durable inbox it runs turns from (a /readyz check). */
  health(): ChannelHealth {
    return inboxChannelHealth(this.inbox?.health());
  }

  /** Resolves once every turn handed to the handler so far has finished (for graceful shutdown and tests). */
  async settled(): Promise<void> {
    await this.inbox?.idle();
    await this.intake.idle();
  }

  /** GET URL check: the echostr to answer (see {@link PushIntake.urlCheck}). */
  urlCheck(appId: string, query: PushQuery): Promise<string> {
    return this.intake.urlCheck(appId, query);
  }

  /** POST: verify, dedupe and dispatch one push (see {@link PushIntake.receive}). */
  receive(appId: string, query: PushQuery, body: string, onClientGone: (callback: () => void) => void): Promise<PushAnswer> {
    return this.intake.receive(appId, query, body, onClientGone);
  }

  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    return this.sender.send(ref, message, options);
  }
}
