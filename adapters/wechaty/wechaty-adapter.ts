import { WechatyBuilder, type Message, type Wechaty } from 'wechaty';
import {
  KefuError,
  UnsupportedFeatureError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelNeeds,
  type ChannelStatus,
  type ConversationRef,
  type InboundHandler,
  type Logger,
  type OutboundMessage,
  type OutboundType,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { AccountWatch } from './account-watch';
import { imageFileBox } from './image-file';
import { CHANNEL, toInbound } from './inbound';
import { resolveOptions, type ResolvedWechatyOptions, type WechatyAdapterOptions } from './options';
import { toParts } from './outbound';
import { resolvePuppet } from './resolve-puppet';
import { SendPacer } from './send-pacer';
import { findTarget, sayPart } from './targets';

const ALL_TYPES: readonly OutboundType[] = ['text', 'image', 'quick_replies', 'product_card', 'coupon_card', 'order_card', 'handoff'];

/**
 * A personal or WeCom WeChat account through wechaty: one-to-one chats, and group chats (rooms) where the bot is
 * @-mentioned or a keyword appears. Best effort: sends are paced, logouts are alerted and retried.
 *
 * @example
 * const wechaty = new WechatyAdapter({ puppet: 'wechaty-puppet-wechat4u', botName: 'kefu', logger, onAlert });
 * router.add(wechaty);
 * await wechaty.start((m) => bot.handle(m).then(() => undefined));
 * wechaty.status(); // { state: 'login_required', qrcode: '…' } until the shop's WeChat scans it
 */
export class WechatyAdapter implements ChannelAdapter {
  readonly name = CHANNEL;
  readonly capabilities: ChannelCapabilities;
  /** It holds the account's login session: only serving processes open it (one login per account). */
  readonly needs: ChannelNeeds = { roles: 'serving' };
  private readonly options: ResolvedWechatyOptions;
  private readonly log: Logger;
  private readonly pacer: SendPacer;
  private readonly watch: AccountWatch;
  private bot?: Wechaty;
  private handler?: InboundHandler;
  private stopped = false;

  constructor(options: WechatyAdapterOptions) {
    this.options = resolveOptions(options);
    this.log = options.logger;
    const outbound = this.options.images ? ALL_TYPES : ALL_TYPES.filter((t) => t !== 'image');
    this.capabilities = { outbound, proactive: true, typing: false, idempotent: false, miniProgramCards: true };
    const { paceMs, paceJitterMs: jitterMs, throttleRetries, throttleBackoffMs } = this.options;
    this.pacer = new SendPacer({ paceMs, jitterMs, throttleRetries, throttleBackoffMs, logger: this.log });
    const { printQr, reconnectMs, reconnectMaxMs, onAlert } = this.options;
    this.watch = new AccountWatch({ printQr, reconnectMs, reconnectMaxMs, onAlert, logger: this.log, restart: () => this.restart() });
  }

  /** Build and start the wechaty bot; the account then needs a scan (see {@link status}) unless its session was kept. */
  async start(handler: InboundHandler): Promise<void> {
    if (this.stopped)
      throw new KefuError('WECHATY_STOPPED', 'This wechaty adapter was stopped.', 'create a new WechatyAdapter to start again.');
    if (this.bot) return;
    const puppet = await resolvePuppet(this.options.puppet, this.options.puppetOptions);
    if (this.stopped || this.bot) return;
    const bot = WechatyBuilder.build({ puppet, ...(this.options.botName ? { name: this.options.botName } : {}) });
    this.watch.attach(bot);
    bot.on('message', (message: Message) => void this.onMessage(message));
    this.handler = handler;
    this.bot = bot;
    this.watch.set('starting', '正在启动');
    try {
      await bot.start();
    } catch (err) {
      this.watch.set('error', '微信通道启动失败，请查看日志');
      throw err;
    }
  }

  /** Stop the bot and reject sends still queued. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.handler = undefined;
    this.watch.dispose();
    this.pacer.close();
    await this.bot?.stop();
    // keep the login session the puppet stored (a restart then needs no new scan); only with a botName (a file).
    // wechaty's public interface does not type its MemoryCard, hence the narrow view.
    const memory = (this.bot as unknown as { memory?: { save(): Promise<void> } } | undefined)?.memory;
    if (this.options.botName && memory) await memory.save().catch((err: unknown) => this.log.warn({ err }, 'wechaty session not saved'));
  }

  /** Login state for the admin console: `login_required` with the QR code, `online` with the account name, … */
  status(): ChannelStatus {
    return this.watch.status();
  }

  /** Send into a contact (conversationId = contact id) or a room (`room:<id>`, the talker @-mentioned). */
  async send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    if (options?.subscriptionTemplate) throw new UnsupportedFeatureError(this.name, 'subscription');
    if (!this.capabilities.outbound.includes(message.type)) throw new UnsupportedFeatureError(this.name, message.type);
    await this.deliver(ref, message);
    if (message.type === 'handoff') {
      this.log.warn({ conversationId: ref.conversationId, reason: message.reason }, 'wechaty shopper handed off to a human');
      this.watch.alert({ kind: 'handoff', detail: `有顾客需要人工客服（原因：${message.reason ?? '未注明'}），请尽快在微信里回复`, ref });
    }
    return {};
  }

  /**
   * Queue every part now (so concurrent sends keep their call order); a failed part cancels the rest. Images are
   * fetched (guarded, see imageFileBox) while their part waits for its turn, so a slow image host does not hold the pacer.
   */
  private async deliver(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    const target = findTarget(this.onlineBot(), ref);
    target.catch(() => undefined); // awaited in the queue; not an unhandled rejection meanwhile
    const { images } = this.options;
    let failed = false;
    const runs = toParts(message).map((part) => {
      // never rejects: an image that cannot be fetched resolves to undefined (logged) and goes out as text
      const image = part.kind === 'image' && images ? imageFileBox(part.url, images, this.log) : undefined;
      return this.pacer
        .run(
          async () => {
            if (!failed) await sayPart(await target, part, this.log, await image);
          },
          Promise.all([target, image]),
        )
        .catch((err: unknown) => {
          failed = true;
          throw err;
        });
    });
    await Promise.all(runs);
  }

  private onlineBot(): Wechaty {
    if (!this.bot || this.stopped) {
      throw new KefuError('WECHATY_NOT_STARTED', 'The wechaty adapter is not running.', 'call start() before sending.');
    }
    if (!this.bot.isLoggedIn) {
      throw new KefuError(
        'WECHATY_OFFLINE',
        'The WeChat account of the wechaty adapter is not logged in.',
        'scan the login QR code (admin console → channels, or the terminal) and send again.',
      );
    }
    return this.bot;
  }

  private async onMessage(message: Message): Promise<void> {
    let outcome: 'handled' | 'ignored' | 'failed' = 'ignored';
    try {
      const handler = this.handler;
      const inbound = handler && (await toInbound(message, { room: this.options.room, maxAgeMs: this.options.maxAgeMs, logger: this.log }));
      if (inbound && handler && this.handler === handler) {
        await handler(inbound);
        outcome = 'handled';
      }
    } catch (err) {
      outcome = 'failed';
      this.log.error({ err, messageId: message.id }, 'wechaty inbound message failed');
    }
    this.options.onInbound?.({ messageId: message.id, outcome });
  }

  private async restart(): Promise<void> {
    if (!this.bot || this.stopped) return;
    await this.bot.stop();
    if (!this.stopped) await this.bot.start();
  }
}
