import type { FastifyInstance } from 'fastify';
import {
  BadInputError,
  DurableInbox,
  ConfigError,
  WechatCrypto,
  WechatImageMedia,
  outboundToText,
  safeImageUrl,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelNeeds,
  type ChannelStatus,
  type ConversationRef,
  type InboundHandler,
  type InboundMessage,
  type Logger,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { WechatApiError } from './api-errors';
import { HeldReplies } from './held-replies';
import { normalisePush } from './normalise-push';
import { resolveOptions, type ResolvedOptions, type WechatAppConfig, type WechatOfficialOptions } from './options';
import { passiveTextReply, replyContentType, transferReply, type ReplyContext } from './passive-reply';
import { PushStore } from './push-store';
import { readPushJson, readPushXml } from './read-push';
import { IMAGE_TYPES, OUTBOUND_TYPES, miniCardCoverOf, passiveTextOf, renderCustomMessage, renderSubscription } from './render-outbound';
import { openPush, verifySignature, WebhookRejection, type PushQuery } from './verify-push';
import { WechatApiClient } from './wechat-api-client';
import { registerWebhookRoutes, type PushAnswer, type WebhookTarget } from './webhook-routes';

/** One configured app with its API client, its uploaded images and (safe mode) crypto. */
interface AppRuntime {
  config: WechatAppConfig;
  api: WechatApiClient;
  images: WechatImageMedia;
  crypto?: WechatCrypto;
}

type ImageMessage = Extract<OutboundMessage, { type: 'image' }>;

/** WeChat's "invalid media_id" (unknown, or deleted after its 3 days). */
const INVALID_MEDIA_ID = 40007;

const SUCCESS: PushAnswer = { body: 'success', contentType: 'text/plain; charset=utf-8' };
const CUSTOM_SEND = '/cgi-bin/message/custom/send';

/**
 * WeChat Official Account (公众号/服务号, name `wechat-official`) or Mini Program (小程序, name `wechat-mini`)
 * customer-service messages: the verified (and in safe mode decrypted) push webhook at `${path}/:appId`, replies
 * through the customer-service API or as passive replies, subscription messages, and handoff to human agents.
 *
 * @example
 * const official = new WechatOfficialAdapter({ kind: 'official', apps: [{ appId, token, encodingAesKey, secret }], redis, logger });
 * await official.registerRoutes(app); // GET/POST /wechat/official/:appId
 * await official.start((msg) => bot.handle(msg));
 */
export class WechatOfficialAdapter implements ChannelAdapter, WebhookTarget {
  readonly name: 'wechat-official' | 'wechat-mini';
  /** Pushes are acknowledged and kept in the durable inbox; workers run their turns and send. */
  readonly needs: ChannelNeeds = { roles: 'any', durableInbox: true };
  readonly capabilities: ChannelCapabilities = { outbound: OUTBOUND_TYPES, proactive: true, idempotent: false, miniProgramCards: true };
  readonly log: Logger;
  private readonly options: ResolvedOptions;
  private readonly apps = new Map<string, AppRuntime>();
  private readonly store: PushStore;
  private readonly held = new HeldReplies();
  private readonly running = new Set<Promise<void>>();
  private handler?: InboundHandler;
  private inbox?: DurableInbox;
  private since = Date.now();

  constructor(options: WechatOfficialOptions) {
    this.options = resolveOptions(options);
    this.name = this.options.kind === 'mini' ? 'wechat-mini' : 'wechat-official';
    this.log = this.options.logger.child({ adapter: this.name });
    const { redis, keyPrefix, apiBaseUrl } = this.options;
    for (const config of this.options.apps.values()) {
      const api = new WechatApiClient({
        adapter: this.name,
        appId: config.appId,
        secret: config.secret,
        baseUrl: apiBaseUrl,
        redis,
        keyPrefix,
      });
      const crypto = config.encodingAesKey ? new WechatCrypto(config.token, config.encodingAesKey, config.appId) : undefined;
      const images = new WechatImageMedia({
        ...this.options.images,
        scope: `${this.name}:${config.appId}`,
        redis,
        prefix: keyPrefix,
        types: IMAGE_TYPES[this.options.kind],
        upload: (image) => api.uploadImage(image),
      });
      this.apps.set(config.appId, { config, api, images, crypto });
    }
    this.store = new PushStore(redis, `${keyPrefix}:wechat:${this.name}`, this.options);
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
    return { state: this.handler ? 'online' : 'offline', detail, since: this.since };
  }

  /** Resolves once every turn handed to the handler so far has finished (for graceful shutdown and tests). */
  async settled(): Promise<void> {
    await this.inbox?.idle();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  urlCheck(appId: string, query: PushQuery): string {
    verifySignature(this.app(appId).config.token, query, this.nowSec(), this.options.timestampWindowSec);
    return typeof query.echostr === 'string' ? query.echostr : '';
  }

  async receive(appId: string, query: PushQuery, body: string, onClientGone: (callback: () => void) => void): Promise<PushAnswer> {
    const { config, crypto } = this.app(appId);
    verifySignature(config.token, query, this.nowSec(), this.options.timestampWindowSec);
    const format = this.options.kind === 'mini' && config.format === 'json' ? 'json' : 'xml';
    const { inner, safe } = openPush(config.token, query, body, format, crypto);
    const push = format === 'json' ? readPushJson(inner) : readPushXml(inner);
    const normalised = normalisePush(this.name, appId, push, config.subscriptionTemplates ?? {}, this.options.now());
    if (!this.handler) throw new WebhookRejection(503, 'the channel is not started; WeChat will retry');
    // api mode keeps the push in the durable inbox in the same Redis call that claims it (one round trip)
    // passive mode holds the push unanswered while the turn runs: its claim is a lease until the answer goes out
    const keepNow = this.options.replyMode === 'api';
    const leaseSec = keepNow ? undefined : Math.ceil((this.options.passiveBudgetMs + this.options.passiveLeaseMarginMs) / 1000);
    const claim = await this.claim(appId, normalised.dedupeId, normalised.openid, keepNow ? normalised.messages : undefined, leaseSec);
    if (!claim.first) {
      this.log.info({ appId, dedupeId: normalised.dedupeId }, 'wechat retry dropped: this push is already being handled');
      return SUCCESS;
    }
    const ctx: ReplyContext = {
      format,
      safe,
      crypto,
      token: config.token,
      openid: normalised.openid,
      accountName: normalised.accountName,
      nowSec: this.nowSec(),
    };
    this.log.info(
      { appId, openid: normalised.openid, dedupeId: normalised.dedupeId, kinds: normalised.messages.map((m) => m.kind) },
      'wechat push accepted',
    );
    if (claim.transfer) {
      if (!keepNow) {
        await this.keep(appId, normalised.dedupeId, normalised.messages);
        await this.settleClaim(appId, normalised.dedupeId);
      }
      this.log.info({ appId, openid: normalised.openid }, 'wechat conversation transferred to human agents');
      return { body: transferReply(ctx), contentType: replyContentType(format) };
    }
    if (keepNow) return SUCCESS;
    const answer = await this.holdForPassive(`${appId}:${normalised.openid}`, ctx, normalised.messages, onClientGone);
    await this.settleClaim(appId, normalised.dedupeId);
    return answer;
  }

  /** The push is answered (or its turn runs on here after WeChat hung up): keep dropping its retries. */
  private async settleClaim(appId: string, dedupeId: string): Promise<void> {
    await this.store
      .settle(appId, dedupeId)
      .catch((err: unknown) =>
        this.log.warn({ err, appId, dedupeId }, 'wechat push claim not extended: a late WeChat retry may start a second turn'),
      );
  }

  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    const app = this.appOf(ref);
    const { config, api } = app;
    if (options.subscriptionTemplate !== undefined) return this.sendSubscription(config, api, ref, message, options.subscriptionTemplate);
    if (message.type === 'image') return this.sendImage(app, ref, message);
    const cover = miniCardCoverOf(this.options.kind, config.appId, message);
    if (cover !== undefined) return this.sendMiniCard(app, ref, message, cover);
    const body = renderCustomMessage(this.name, this.options.kind, ref.userId, message);
    const held = this.held.get(`${config.appId}:${ref.userId}`);
    if (message.type === 'handoff') {
      const now = held?.settle(transferReply(held.ctx)) ?? false;
      if (!now) await this.store.markTransfer(config.appId, ref.userId);
      this.log.info({ appId: config.appId, openid: ref.userId, now }, 'wechat handoff: transfer to human agents');
    } else if (held) {
      const text = passiveTextOf(this.name, this.options.kind, message);
      if (text !== undefined && held.settle(passiveTextReply(held.ctx, text))) {
        this.log.debug({ appId: config.appId, openid: ref.userId }, 'wechat reply sent as the passive answer');
        return { passive: true };
      }
    }
    return this.post(api, CUSTOM_SEND, body, ref);
  }

  /**
   * An image message with the media_id of its URL (uploaded once per app, see WechatImageMedia). When the image
   * cannot be fetched or uploaded, the shopper gets its alt text instead and the reason is logged.
   */
  private async sendImage(app: AppRuntime, ref: ConversationRef, message: ImageMessage): Promise<SendResult> {
    const { kind } = this.options;
    return app.images.sendWith(
      message.url,
      (mediaId) => this.post(app.api, CUSTOM_SEND, renderCustomMessage(this.name, kind, ref.userId, message, mediaId), ref),
      (err) => {
        const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
        this.log.warn(
          {
            appId: app.config.appId,
            openid: ref.userId,
            image: safeImageUrl(message.url),
            code,
            reason,
            platformCode,
            why: (err as Error).message,
          },
          'wechat image not sent as an image: sending its alt text instead',
        );
        return this.send(ref, { type: 'text', text: outboundToText(message) });
      },
      (err) => err instanceof WechatApiError && err.platformCode === INVALID_MEDIA_ID,
    );
  }

  /**
   * A product card as a mini-program card (`miniprogrampage`) whose cover is the product picture, uploaded like images.
   * When the cover cannot be fetched or uploaded, or WeChat refuses the card itself (a Mini Program not linked to the
   * Official Account, a page that does not exist…), the card goes out as it would without a Mini Program page (a
   * `news` card or text) and the reason is logged. Window refusals (45015/45047) are not retried.
   */
  private async sendMiniCard(app: AppRuntime, ref: ConversationRef, message: OutboundMessage, cover: string): Promise<SendResult> {
    const { kind } = this.options;
    const mini = message.type === 'product_card' ? message.product.miniProgram : undefined;
    const where = { appId: app.config.appId, openid: ref.userId, miniProgram: mini?.appId, pagePath: mini?.pagePath };
    const asBefore = () => this.post(app.api, CUSTOM_SEND, renderCustomMessage(this.name, kind, ref.userId, message), ref);
    return app.images.sendWith(
      cover,
      (mediaId) =>
        this.post(app.api, CUSTOM_SEND, renderCustomMessage(this.name, kind, ref.userId, message, mediaId), ref).catch((err: unknown) => {
          if (!(err instanceof WechatApiError) || err.platformCode === INVALID_MEDIA_ID) throw err;
          this.log.warn(
            { ...where, platformCode: err.platformCode, why: err.message },
            kind === 'official'
              ? 'wechat mini-program card refused: sending the product card without it; link the Mini Program to the Official Account (公众号后台 → 小程序管理) and check KEFU_MINIPROGRAM_PAGE'
              : 'wechat mini-program card refused: sending the product card without it; check KEFU_MINIPROGRAM_PAGE against the released Mini Program',
          );
          return asBefore();
        }),
      (err) => {
        const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
        this.log.warn(
          { ...where, cover: safeImageUrl(cover), code, reason, platformCode, why: (err as Error).message },
          'wechat mini-program card not sent: its cover picture could not be uploaded; sending the product card without it',
        );
        return asBefore();
      },
      (err) => err instanceof WechatApiError && err.platformCode === INVALID_MEDIA_ID,
    );
  }

  private async sendSubscription(
    config: WechatAppConfig,
    api: WechatApiClient,
    ref: ConversationRef,
    message: OutboundMessage,
    name: string,
  ) {
    const template = config.subscriptionTemplates?.[name];
    if (!template) {
      throw new ConfigError([
        `WeChat app ${config.appId} (${this.name}) has no subscription template '${name}': add apps[].subscriptionTemplates['${name}'] = { templateId, textField } for it.`,
      ]);
    }
    const path = this.options.kind === 'official' ? '/cgi-bin/message/subscribe/bizsend' : '/cgi-bin/message/subscribe/send';
    return this.post(api, path, renderSubscription(ref.userId, template, outboundToText(message)), ref);
  }

  private async post(api: WechatApiClient, path: string, body: unknown, ref: ConversationRef): Promise<SendResult> {
    try {
      const result = await api.post(path, body);
      return result.msgid === undefined ? {} : { messageId: String(result.msgid) };
    } catch (err) {
      const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
      this.log.warn({ appId: ref.accountId, openid: ref.userId, path, code, reason, platformCode }, 'wechat send refused');
      throw err;
    }
  }

  private async holdForPassive(key: string, ctx: ReplyContext, messages: InboundMessage[], onClientGone: (cb: () => void) => void) {
    const held = this.held.hold(key, ctx);
    onClientGone(() => {
      if (held.settle('')) this.log.info({ openid: ctx.openid }, 'wechat hung up before the passive reply; replies go through the API');
    });
    const budget = setTimeout(() => held.settle(SUCCESS.body), this.options.passiveBudgetMs);
    void this.dispatch(messages).then(() => held.settle(SUCCESS.body));
    const body = await held.body;
    clearTimeout(budget);
    return body === SUCCESS.body || body === '' ? SUCCESS : { body, contentType: replyContentType(ctx.format) };
  }

  /**
   * Claims the push (see PushStore.claim) and, given `messages`, keeps them in the durable inbox in the same call.
   * If Redis fails half-way, the claim is released so WeChat's retry is handled instead of dropped.
   */
  private async claim(appId: string, dedupeId: string, openid: string, messages?: InboundMessage[], leaseSec?: number) {
    try {
      return await this.store.claim(appId, dedupeId, openid, messages ? this.inbox!.entriesFor(messages) : undefined, leaseSec);
    } catch (err) {
      await this.store.release(appId, dedupeId).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Keeps the push's messages in the durable inbox before WeChat gets its "success": from then on a crash or
   * restart loses none of them, and turns run at a bounded concurrency by any kefu process. If Redis cannot
   * take them, the dedupe claim is released so WeChat's retry is handled instead of dropped.
   */
  private async keep(appId: string, dedupeId: string, messages: InboundMessage[]): Promise<void> {
    try {
      await this.inbox!.add(messages);
    } catch (err) {
      await this.store.release(appId, dedupeId).catch(() => undefined);
      throw err;
    }
  }

  /** Runs the turns of one push in order, in the background; errors are logged, never thrown at WeChat. */
  private dispatch(messages: InboundMessage[]): Promise<void> {
    const handler = this.handler;
    const run = (async () => {
      for (const message of messages) {
        try {
          await handler?.(message);
        } catch (err) {
          this.log.error({ err, id: message.id, openid: message.ref.userId }, 'wechat turn failed');
        }
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  private app(appId: string): AppRuntime {
    const app = this.apps.get(appId);
    if (!app) throw new WebhookRejection(404, `no WeChat app '${String(appId).slice(0, 64)}' is configured on this path`);
    return app;
  }

  private appOf(ref: ConversationRef): AppRuntime {
    const app = ref.accountId ? this.apps.get(ref.accountId) : this.apps.size === 1 ? [...this.apps.values()][0] : undefined;
    if (!app)
      throw new BadInputError(
        `No WeChat app '${ref.accountId ?? ''}' is configured on ${this.name}.`,
        'send into refs of inbound messages (accountId = AppID).',
      );
    return app;
  }

  private nowSec(): number {
    return Math.floor(this.options.now() / 1000);
  }
}
