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
import { NonceReplayGuard, WechatCrypto, WechatImageMedia } from '../../src/kits/wechat';
import type { KfCallback } from './callback-decode';
import { registerKfRoutes } from './callback-routes';
import { KfApi } from './kf-api';
import { KfInbound } from './kf-inbound';
import { KfSender } from './kf-sender';
import { KfStore } from './kf-store';
import { CHANNEL } from './normalise';
import { resolveKfOptions, type ResolvedKfOptions, type WecomKfOptions } from './options';
import { PullScheduler } from './pull-scheduler';
import { KF_IMAGE_TYPES, KF_OUTBOUND } from './render';
import { SessionStates, apiError } from './session-states';

/**
 * WeCom 微信客服 (kf API): WeChat users chat with a shop's kf account; WeCom pushes an encrypted
 * `kf_msg_or_event` callback and the adapter pulls the messages with sync_msg, one loop per kf account.
 * Replies go out with send_msg (48 h / 5 messages after the customer's last message) while the session is new or
 * with the assistant; from the waiting pool (2) or a human (3) on, the bot is silent.
 *
 * @example
 * const kf = new WecomKfAdapter({ corpId, secret, token, encodingAesKey, redis, logger });
 * const app = await buildServer({ config, logger, adapters: [kf], readiness }); // POST/GET /wecom/kf
 * await kf.start((msg) => bot.handle(msg));
 */
export class WecomKfAdapter implements ChannelAdapter {
  readonly name = CHANNEL;
  /** Callbacks are acknowledged and kept in the durable inbox; workers run their turns and send. */
  readonly needs: ChannelNeeds = { roles: 'any', durableInbox: true };
  readonly capabilities: ChannelCapabilities = {
    outbound: KF_OUTBOUND,
    proactive: true,
    typing: false,
    idempotent: true,
    miniProgramCards: true,
  };
  private readonly options: ResolvedKfOptions;
  private readonly log: Logger;
  private readonly crypto: WechatCrypto;
  private readonly replay: NonceReplayGuard;
  private readonly pulls: PullScheduler;
  private readonly sender: KfSender;
  private readonly api: KfApi;
  private handler?: InboundHandler;
  private inbox?: DurableInbox;
  private since = Date.now();

  constructor(options: WecomKfOptions) {
    this.options = resolveKfOptions(options);
    const o = this.options;
    this.log = o.logger.child({ adapter: CHANNEL });
    this.crypto = new WechatCrypto(o.token, o.encodingAesKey, o.corpId);
    this.replay = new NonceReplayGuard({ redis: o.redis, prefix: `${o.keyPrefix}:wecom-kf`, windowSec: o.timestampWindowSec });
    const api = new KfApi({
      corpId: o.corpId,
      secret: o.secret,
      apiBaseUrl: o.apiBaseUrl,
      redis: o.redis,
      keyPrefix: o.keyPrefix,
      now: o.now,
    });
    this.api = api;
    const store = new KfStore(o.redis, o.keyPrefix, o.corpId);
    const states = new SessionStates(api, store);
    const inbound = new KfInbound({ api, store, states, log: this.log, welcome: o.welcome, now: o.now, handler: () => this.keep });
    this.pulls = new PullScheduler(store, (kf, token, extend) => inbound.pullAll(kf, token, extend), this.log);
    const images = new WechatImageMedia({
      ...o.images,
      scope: `${CHANNEL}:${o.corpId}`,
      redis: o.redis,
      prefix: o.keyPrefix,
      types: KF_IMAGE_TYPES,
      upload: async (image) => {
        const answer = await api.uploadImage(image);
        if (answer.errcode || typeof answer.media_id !== 'string' || answer.media_id === '') throw apiError('media/upload', answer);
        return answer.media_id;
      },
    });
    this.sender = new KfSender(api, states, images, this.log, o.handoff);
  }

  /** Callback URL path (GET verification, POST events). */
  get path(): string {
    return this.options.path;
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerKfRoutes(app, {
      path: this.options.path,
      log: this.log,
      context: () => ({
        crypto: this.crypto,
        nowSec: Math.floor(this.options.now() / 1000),
        windowSec: this.options.timestampWindowSec,
        replay: this.replay,
      }),
      accepting: () => this.handler !== undefined,
      onCallback: (callback) => this.onCallback(callback),
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    if (this.handler) return;
    const { redis, keyPrefix, turnConcurrency, runTurns } = this.options;
    this.inbox = new DurableInbox({ redis, key: `${keyPrefix}:inbox:${CHANNEL}`, logger: this.log, concurrency: turnConcurrency });
    if (runTurns) await this.inbox.start(handler); // else worker processes take the turns from Redis
    this.handler = handler;
    this.since = Date.now();
  }

  /** Stops pulling, waits for running pull loops, then for the turns in flight (the rest stay in Redis). */
  async stop(): Promise<void> {
    if (this.handler) this.since = Date.now();
    this.handler = undefined;
    await this.pulls.idle();
    await this.inbox?.stop();
    this.inbox = undefined;
  }

  status(): ChannelStatus {
    const detail = `微信客服 ${this.options.corpId}`;
    return { state: this.handler ? 'online' : 'offline', since: this.since, detail, tokens: [this.api.health.report()] };
  }

  async send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    return this.sender.send(ref, message, options);
  }

  /** Whether a WeCom servicer (state 3) or the waiting pool (2) has the session: kefu's sends are skipped then. */
  async humanHasSession(ref: ConversationRef): Promise<boolean> {
    return this.sender.humanHasSession(ref);
  }

  /** Whether this process can read the durable inbox it runs turns from (a /readyz check). */
  health(): ChannelHealth {
    return inboxChannelHealth(this.inbox?.health());
  }

  /** Resolves when no pull loop of this process is running and its turns are done (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    await this.pulls.idle();
    await this.inbox?.idle();
  }

  /**
   * Pulled messages go to the durable inbox, not straight to a turn: the pull loop keeps moving (one kf account
   * serves many shoppers at once), and a crash after the cursor moved on loses nothing.
   */
  private get keep(): InboundHandler | undefined {
    const inbox = this.inbox;
    return this.handler && inbox ? (message) => inbox.add([message]) : undefined;
  }

  private onCallback(callback: KfCallback): void {
    if (callback.kind !== 'kf_msg_or_event') {
      this.log.debug({ event: callback.event }, 'wecom-kf callback of another event ignored');
      return;
    }
    const accepted = this.options.openKfIds;
    if (accepted && !accepted.has(callback.openKfId)) {
      this.log.info({ openKfId: callback.openKfId }, 'wecom-kf callback for a kf account not in openKfIds ignored');
      return;
    }
    this.pulls.trigger(callback.openKfId, callback.token);
  }
}
