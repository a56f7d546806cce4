import type { Server } from 'node:http';
import { WechatCrypto, msgSignature } from '../../../src/kits/wechat';
import type { ServiceState } from '../../../adapters/wecom-kf';
import { startApiServer } from './api-server';
import { CallbackPusher, signCallback, xmlOf, type PushResult, type SignedCallback } from './callback-pusher';
import { KfWorld, fakeId, type FakeCustomer } from './kf-world';

/** Options of {@link FakeWecomKf}. */
export interface FakeWecomKfOptions {
  corpId?: string;
  secret?: string;
  token?: string;
  encodingAesKey?: string;
  /** kf accounts that exist. @defaultValue ['wk-fake-shop'] */
  openKfIds?: string[];
  /** sync_msg page cap (below `limit`). @defaultValue 1000 */
  pageSize?: number;
  /** Callback answer timeout. @defaultValue 5000 */
  callbackTimeoutMs?: number;
  /** Pause between callback retries. @defaultValue 20 */
  retryDelayMs?: number;
  /** access_token lifetime. @defaultValue 7200 */
  tokenLifeSec?: number;
  /** Clock (ms). @defaultValue Date.now */
  now?: () => number;
  /** Mini Programs linked to the corp, the only ones send_msg takes as `miniprogram` cards. @defaultValue any AppID */
  miniProgramAppIds?: string[];
}

/**
 * A fake WeCom 微信客服 platform on 127.0.0.1:0 for tests: the API the adapter calls through `apiBaseUrl`
 * (gettoken, sync_msg, send_msg with text/msgmenu/image/link/miniprogram, send_msg_on_event, service_state/get|trans,
 * media/upload of images) and the customer side, which
 * appends to per-kf message logs and pushes encrypted, signed `kf_msg_or_event` callbacks to the webhook
 * (retried 3 times when not answered "success" in time).
 *
 * @example
 * const fake = await FakeWecomKf.start({ now: clock.now });
 * fake.webhookUrls = [`http://127.0.0.1:${port}/wecom/kf`];
 * await fake.customerSays('wk-fake-shop', 'wm-customer-1', '在吗？');
 */
export class FakeWecomKf {
  readonly corpId: string;
  readonly secret: string;
  readonly token: string;
  readonly encodingAesKey: string;
  readonly world: KfWorld;
  readonly pusher: CallbackPusher;
  /** Where callbacks go (set once the app listens). */
  webhookUrls: string[] = [];
  apiBaseUrl = '';
  private server?: Server;
  private readonly crypto: WechatCrypto;

  private constructor(options: FakeWecomKfOptions) {
    this.corpId = options.corpId ?? 'wwfakecorp0001';
    this.secret = options.secret ?? 'fake-kf-secret-0001';
    this.token = options.token ?? 'fakeKfToken';
    this.encodingAesKey = options.encodingAesKey ?? 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    this.world = new KfWorld(new Set(options.openKfIds ?? ['wk-fake-shop']), options.now ?? Date.now);
    this.world.miniProgramAppIds = options.miniProgramAppIds;
    this.crypto = new WechatCrypto(this.token, this.encodingAesKey, this.corpId);
    this.pusher = new CallbackPusher({
      urls: () => this.webhookUrls,
      timeoutMs: options.callbackTimeoutMs ?? 5000,
      retryDelayMs: options.retryDelayMs ?? 20,
      retries: 3,
    });
  }

  static async start(options: FakeWecomKfOptions = {}): Promise<FakeWecomKf> {
    const fake = new FakeWecomKf(options);
    const { server, url } = await startApiServer(fake.world, {
      corpId: fake.corpId,
      secret: fake.secret,
      pageSize: options.pageSize ?? 1000,
      tokenLifeSec: options.tokenLifeSec ?? 7200,
    });
    fake.server = server;
    fake.apiBaseUrl = url;
    return fake;
  }

  get sends() {
    return this.world.sends;
  }

  /** Every media/upload attempt (refused ones with their errcode). */
  get uploads() {
    return this.world.media.uploads;
  }

  /** The customer writes a text; the callback is pushed unless `notify` is false. */
  async customerSays(openKfId: string, userId: string, text: string, notify = true): Promise<PushResult | undefined> {
    this.world.appendCustomerMessage(openKfId, userId, { msgtype: 'text', text: { content: text } });
    return notify ? this.notify(openKfId) : undefined;
  }

  /** The customer clicks a menu item of a msgmenu (a text with menu_id). */
  async customerClicksMenu(openKfId: string, userId: string, menuId: string, content: string): Promise<PushResult> {
    this.world.appendCustomerMessage(openKfId, userId, { msgtype: 'text', text: { content, menu_id: menuId } });
    return this.notify(openKfId);
  }

  /** The customer opens the chat (enter_session, with a welcome_code at most once per 48 h). */
  async customerEnters(openKfId: string, userId: string, scene = 'shop_home', sceneParam = ''): Promise<PushResult> {
    this.world.appendEnter(openKfId, userId, scene, sceneParam);
    return this.notify(openKfId);
  }

  /** A servicer picks the customer up in the WeCom client (state 3, session_status_change). */
  async servicerAccepts(openKfId: string, userId: string, servicerUserId: string): Promise<PushResult> {
    const customer = this.customer(openKfId, userId);
    const changeType = customer.state === 2 ? 1 : 2;
    customer.state = 3;
    customer.servicerUserId = servicerUserId;
    this.world.appendStatusChange(customer, changeType, servicerUserId);
    return this.notify(openKfId);
  }

  /** A servicer ends the session (state 4, session_status_change 3). */
  async servicerEnds(openKfId: string, userId: string): Promise<PushResult> {
    const customer = this.customer(openKfId, userId);
    customer.state = 4;
    customer.servicerUserId = undefined;
    this.world.appendStatusChange(customer, 3);
    return this.notify(openKfId);
  }

  stateOf(openKfId: string, userId: string): ServiceState | undefined {
    return this.world.findCustomer(openKfId, userId)?.state;
  }

  /** Push a kf_msg_or_event callback with a fresh 10-minute token. */
  async notify(openKfId: string): Promise<PushResult> {
    return this.pusher.push(this.callbackFor(openKfId));
  }

  /** A signed callback for `openKfId` (fresh token) without sending it; `timestampSec` defaults to now. */
  callbackFor(openKfId: string, timestampSec?: number): SignedCallback {
    const token = fakeId('ENC', 24);
    const now = this.world.now();
    this.world.syncTokens.set(token, { openKfId, expiresAt: now + 10 * 60_000 });
    const inner = xmlOf({
      ToUserName: this.corpId,
      CreateTime: Math.floor(now / 1000),
      MsgType: 'event',
      Event: 'kf_msg_or_event',
      Token: token,
      OpenKfId: openKfId,
    });
    return signCallback(this.crypto, inner, timestampSec ?? Math.floor(now / 1000));
  }

  /** The GET URL check as WeCom does it; resolves with what the webhook answered and what it should have. */
  async verifyUrl(url: string): Promise<{ status: number; answer: string; expected: string }> {
    const expected = fakeId('echo', 10);
    const echostr = this.crypto.encrypt(expected);
    const timestamp = String(Math.floor(this.world.now() / 1000));
    const nonce = fakeId('n', 6);
    const query = new URLSearchParams({ msg_signature: msgSignature(this.token, timestamp, nonce, echostr), timestamp, nonce, echostr });
    const response = await fetch(`${url}?${query.toString()}`);
    return { status: response.status, answer: await response.text(), expected };
  }

  /** Make every issued access_token expired (the next API call answers 42001). */
  expireAccessTokens(): void {
    for (const token of this.world.accessTokens.keys()) this.world.accessTokens.set(token, 0);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private customer(openKfId: string, userId: string): FakeCustomer {
    return this.world.customer(openKfId, userId);
  }
}
