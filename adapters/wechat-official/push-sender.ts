import {
  BadInputError,
  ConfigError,
  outboundToText,
  type ConversationRef,
  type Logger,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { safeImageUrl } from '../../src/kits/wechat';
import { WechatApiError } from './api-errors';
import type { AppRuntime } from './app-runtime';
import type { HeldReplies } from './held-replies';
import type { ResolvedOptions, WechatAppConfig } from './options';
import { passiveTextReply, transferReply } from './passive-reply';
import type { PushStore } from './push-store';
import { miniCardCoverOf, passiveTextOf, renderCustomMessage, renderSubscription } from './render-outbound';
import type { WechatApiClient } from './wechat-api-client';

/** What {@link PushSender} needs from the adapter that composes it. */
export interface PushSenderDeps {
  /** Adapter name: `wechat-official` or `wechat-mini`. */
  name: string;
  options: ResolvedOptions;
  apps: Map<string, AppRuntime>;
  /** Remembers pending transfers to human agents (answered on the shopper's next push). */
  store: PushStore;
  /** Pushes held open for a passive reply (passive reply mode). */
  held: HeldReplies;
  log: Logger;
}

type ImageMessage = Extract<OutboundMessage, { type: 'image' }>;

/** WeChat's "invalid media_id" (unknown, or deleted after its 3 days). */
const INVALID_MEDIA_ID = 40007;

const CUSTOM_SEND = '/cgi-bin/message/custom/send';

/**
 * The outbound half of the WeChat adapter: customer-service API sends (inside WeChat's windows; refusals logged and
 * thrown), the first reply as the passive answer of a held push, images uploaded as temporary media, mini-program
 * cards with an uploaded cover (falling back to the card without it), subscription messages, and handoff (an
 * immediate transfer_customer_service answer, or a transfer remembered for the shopper's next push).
 *
 * @example
 * const sender = new PushSender({ name, options, apps, store, held, log });
 * await sender.send(ref, { type: 'text', text: '亲，在的～' });
 */
export class PushSender {
  constructor(private readonly deps: PushSenderDeps) {}

  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    const { name, options: o, held: heldReplies, store, log } = this.deps;
    const app = this.appOf(ref);
    const { config, api } = app;
    if (options.subscriptionTemplate !== undefined) return this.sendSubscription(config, api, ref, message, options.subscriptionTemplate);
    if (message.type === 'image') return this.sendImage(app, ref, message);
    const cover = miniCardCoverOf(o.kind, config.appId, message);
    if (cover !== undefined) return this.sendMiniCard(app, ref, message, cover);
    const body = renderCustomMessage(name, o.kind, ref.userId, message);
    const held = heldReplies.get(`${config.appId}:${ref.userId}`);
    if (message.type === 'handoff') {
      const now = held?.settle(transferReply(held.ctx)) ?? false;
      if (!now) await store.markTransfer(config.appId, ref.userId);
      log.info({ appId: config.appId, openid: ref.userId, now }, 'wechat handoff: transfer to human agents');
    } else if (held) {
      const text = passiveTextOf(name, o.kind, message);
      if (text !== undefined && held.settle(passiveTextReply(held.ctx, text))) {
        log.debug({ appId: config.appId, openid: ref.userId }, 'wechat reply sent as the passive answer');
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
    const { name, options } = this.deps;
    return app.images.sendWith(
      message.url,
      (mediaId) => this.post(app.api, CUSTOM_SEND, renderCustomMessage(name, options.kind, ref.userId, message, mediaId), ref),
      (err) => {
        const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
        this.deps.log.warn(
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
    const { name, log } = this.deps;
    const { kind } = this.deps.options;
    const mini = message.type === 'product_card' ? message.product.miniProgram : undefined;
    const where = { appId: app.config.appId, openid: ref.userId, miniProgram: mini?.appId, pagePath: mini?.pagePath };
    const asBefore = () => this.post(app.api, CUSTOM_SEND, renderCustomMessage(name, kind, ref.userId, message), ref);
    return app.images.sendWith(
      cover,
      (mediaId) =>
        this.post(app.api, CUSTOM_SEND, renderCustomMessage(name, kind, ref.userId, message, mediaId), ref).catch((err: unknown) => {
          if (!(err instanceof WechatApiError) || err.platformCode === INVALID_MEDIA_ID) throw err;
          log.warn(
            { ...where, platformCode: err.platformCode, why: err.message },
            kind === 'official'
              ? 'wechat mini-program card refused: sending the product card without it; link the Mini Program to the Official Account (公众号后台 → 小程序管理) and check KEFU_MINIPROGRAM_PAGE'
              : 'wechat mini-program card refused: sending the product card without it; check KEFU_MINIPROGRAM_PAGE against the released Mini Program',
          );
          return asBefore();
        }),
      (err) => {
        const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
        log.warn(
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
  ): Promise<SendResult> {
    const template = config.subscriptionTemplates?.[name];
    if (!template) {
      throw new ConfigError([
        `WeChat app ${config.appId} (${this.deps.name}) has no subscription template '${name}': add apps[].subscriptionTemplates['${name}'] = { templateId, textField } for it.`,
      ]);
    }
    const path = this.deps.options.kind === 'official' ? '/cgi-bin/message/subscribe/bizsend' : '/cgi-bin/message/subscribe/send';
    return this.post(api, path, renderSubscription(ref.userId, template, outboundToText(message)), ref);
  }

  private async post(api: WechatApiClient, path: string, body: unknown, ref: ConversationRef): Promise<SendResult> {
    try {
      const result = await api.post(path, body);
      return result.msgid === undefined ? {} : { messageId: String(result.msgid) };
    } catch (err) {
      const { code, reason, platformCode } = err as { code?: string; reason?: string; platformCode?: number };
      this.deps.log.warn({ appId: ref.accountId, openid: ref.userId, path, code, reason, platformCode }, 'wechat send refused');
      throw err;
    }
  }

  private appOf(ref: ConversationRef): AppRuntime {
    const { apps, name } = this.deps;
    const app = ref.accountId ? apps.get(ref.accountId) : apps.size === 1 ? [...apps.values()][0] : undefined;
    if (!app)
      throw new BadInputError(
        `No WeChat app '${ref.accountId ?? ''}' is configured on ${name}.`,
        'send into refs of inbound messages (accountId = AppID).',
      );
    return app;
  }
}
