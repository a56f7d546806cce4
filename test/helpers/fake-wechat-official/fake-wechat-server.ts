import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serialisePush, type FakeApp, type PushMessage } from './build-push';
import { deliverPush, type DeliveryAttempt } from './deliver-push';
import { SendWindows, type WindowAction } from './send-windows';
import { TempMedia, type RecordedUpload } from './temp-media';

/** Options of {@link FakeWechatServer}. */
export interface FakeWechatOptions {
  apps: FakeApp[];
  /** How long a push waits for the webhook's answer. @defaultValue 5000 */
  pushTimeoutMs?: number;
  /** Retries of an unanswered push. @defaultValue 3 */
  retries?: number;
}

/** One API send the fake received (accepted or refused). */
export interface RecordedSend {
  appId: string;
  openid: string;
  path: string;
  body: Record<string, unknown>;
  /** 0 when delivered. */
  errcode: number;
  at: number;
  /** Order among sends and replies. */
  seq: number;
}

/** One passive reply the fake accepted from the webhook. */
export interface RecordedReply {
  appId: string;
  openid: string;
  fields: Record<string, string>;
  encrypted: boolean;
  /** Order among sends and replies. */
  seq: number;
}

/** Options of one push. */
export interface PushOptions {
  /** Encrypted (safe mode) or plaintext. @defaultValue true when the app has an encodingAesKey (安全模式), else false */
  safe?: boolean;
  format?: 'xml' | 'json';
  timeoutMs?: number;
  retries?: number;
  /** Query timestamp (Unix seconds). @defaultValue now (real clock) */
  timestamp?: number;
  tamper?: (query: URLSearchParams) => void;
}

/** What one push produced. */
export interface PushResult {
  attempts: DeliveryAttempt[];
  /** The serialised push (before encryption), to deliver again as a retry with {@link FakeWechatServer.deliver}. */
  body: string;
  /** The passive reply WeChat accepted, if any. */
  reply?: RecordedReply;
}

/** Window opened by a push: shopper messages open the 48 h window, menu/follow/scan the 1-minute one. */
function windowActionOf(message: PushMessage): WindowAction | undefined {
  if (message.MsgType !== 'event') return 'message';
  const event = String(message.Event ?? '').toLowerCase();
  if (['subscribe', 'click', 'view', 'scan'].includes(event)) return 'menu';
  return event === 'user_enter_tempsession' ? 'session' : undefined;
}

/** Prompt answers of a subscribe_msg_popup_event, in XML (SubscribeMsgPopupEvent.List) or JSON (List) shape. */
function popupAnswers(message: PushMessage): { TemplateId?: string; SubscribeStatusString?: string }[] {
  const wrapper = message.SubscribeMsgPopupEvent as { List?: unknown } | undefined;
  const list = wrapper?.List ?? message.List;
  return (Array.isArray(list) ? list : list ? [list] : []) as { TemplateId?: string; SubscribeStatusString?: string }[];
}

/**
 * Refusals of a `miniprogrampage` send. Confirmed: the fields (title, pagepath, thumb_media_id; plus appid on Official
 * Accounts, whose card must open a Mini Program linked to the account). Assumed (not in the docs at hand): 47001 "data
 * format error" for a missing field, and 40013 "invalid appid" for an unlinked Mini Program.
 */
export const MINI_CARD_ERRORS = { missingField: 47001, notLinked: 40013 } as const;

/** Temporary images as the Official Account docs state them: PNG/JPEG/JPG/GIF, at most 10 MB. */
const IMAGE_RULES = { kinds: ['jpg', 'png', 'gif'], maxBytes: 10 * 1024 * 1024, minBytes: 0 } as const;

/**
 * A fake WeChat API and push sender on 127.0.0.1:0 that speaks the documented protocol: issues access_tokens
 * (`/cgi-bin/token`), answers 40001/42001 for unknown/expired ones, enforces the customer-service windows it opened
 * by its own pushes (45015/45047), one-time subscription consents (43101), takes temporary image uploads
 * (`/cgi-bin/media/upload?type=image`, multipart field `media`, see TempMedia) and refuses image sends and
 * mini-program cards (`miniprogrampage`) whose media_id it never issued to the app or issued more than 3 days ago
 * (40007), and records every send, upload and passive reply.
 *
 * @example
 * const fake = await FakeWechatServer.start({ apps: [{ appId: 'wx1', secret: 's', token: 't' }] });
 * fake.webhookBase = `http://127.0.0.1:${port}/wechat/official`;
 * await fake.push('wx1', { FromUserName: 'oUser', MsgType: 'text', Content: '在吗' });
 */
export class FakeWechatServer {
  /** Where pushes go: `${webhookBase}/${appId}`. */
  webhookBase = '';
  readonly sends: RecordedSend[] = [];
  readonly replies: RecordedReply[] = [];
  readonly tokenFetches = new Map<string, number>();
  /** Temporary media: every upload attempt, and the media ids issued per app. */
  readonly media: TempMedia;
  private readonly apps: Map<string, FakeApp>;
  private readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  private readonly windows = new SendWindows();
  private readonly consents = new Map<string, number>();
  /** `appId:openid` of every shopper the fake pushed for (others are unknown openids: 40003). */
  private readonly shoppers = new Set<string>();
  private offsetMs = 0;
  private seq = 0;
  private msgIds = BigInt(Date.now()) * 1000n;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeWechatOptions,
  ) {
    this.apps = new Map(options.apps.map((a) => [a.appId, a]));
    this.media = new TempMedia(IMAGE_RULES, () => this.now(), 'MEDIA_');
    server.on('request', (req, res) => void this.route(req, res));
  }

  /** Starts the fake on 127.0.0.1 with a free port. */
  static async start(options: FakeWechatOptions): Promise<FakeWechatServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeWechatServer(server, options);
  }

  /** API base URL for the adapter's `apiBaseUrl`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The platform clock (ms) used for windows and tokens. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the platform clock forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Expires every token issued so far (the next API call answers 42001). */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  /** Opens a window as if the shopper had acted (e.g. 'payment': 48 h, unlimited) without pushing anything. */
  openWindow(appId: string, openid: string, action: WindowAction): void {
    this.shoppers.add(`${appId}:${openid}`);
    this.windows.open(appId, openid, action, this.now());
  }

  /** Every media upload attempt (refused ones with their errcode). */
  get uploads(): RecordedUpload[] {
    return this.media.uploads;
  }

  /** Delivered API sends (errcode 0), optionally of one shopper. */
  delivered(openid?: string): RecordedSend[] {
    return this.sends.filter((s) => s.errcode === 0 && (openid === undefined || s.openid === openid));
  }

  /**
   * Pushes `message` (WeChat field names; ToUserName, CreateTime and MsgId are filled in) to the webhook as WeChat
   * would, with retries; opens the send window or records consents the push stands for.
   */
  async push(appId: string, message: PushMessage, options: PushOptions = {}): Promise<PushResult> {
    const app = this.app(appId);
    const full: PushMessage = { ToUserName: app.accountName ?? `gh_${appId}`, CreateTime: Math.floor(Date.now() / 1000), ...message };
    if (full.MsgType !== 'event' && full.MsgId === undefined) full.MsgId = String((this.msgIds += 1n));
    this.applyActions(appId, full);
    return this.deliver(appId, serialisePush(full, options.format ?? 'xml'), String(full.FromUserName ?? ''), options);
  }

  /**
   * POSTs an already serialised body (signed, encrypted when `safe`) with WeChat's retries; each call is a new
   * delivery (fresh timestamp and nonce), its retries reuse its URL and body.
   */
  async deliver(appId: string, body: string, openid: string, options: PushOptions = {}): Promise<PushResult> {
    const app = this.app(appId);
    const o = { safe: options.safe ?? app.encodingAesKey !== undefined, format: options.format ?? 'xml' };
    const attempts = await deliverPush(`${this.webhookBase}/${appId}`, app, body, {
      ...o,
      openid,
      timeoutMs: options.timeoutMs ?? this.options.pushTimeoutMs ?? 5000,
      retries: options.retries ?? this.options.retries ?? 3,
      timestamp: () => options.timestamp ?? Math.floor(Date.now() / 1000),
      tamper: options.tamper,
    });
    const last = attempts.at(-1)?.verdict;
    if (last?.kind !== 'reply') return { attempts, body };
    const reply: RecordedReply = { appId, openid, fields: last.fields, encrypted: last.encrypted, seq: (this.seq += 1) };
    this.replies.push(reply);
    return { attempts, body, reply };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private applyActions(appId: string, message: PushMessage): void {
    const openid = String(message.FromUserName ?? '');
    this.shoppers.add(`${appId}:${openid}`);
    const action = windowActionOf(message);
    if (action) this.windows.open(appId, openid, action, this.now());
    for (const answer of popupAnswers(message)) {
      if (answer.SubscribeStatusString !== 'accept' || !answer.TemplateId) continue;
      const key = `${appId}:${openid}:${answer.TemplateId}`;
      this.consents.set(key, (this.consents.get(key) ?? 0) + 1);
    }
  }

  private app(appId: string): FakeApp {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`fake WeChat has no app ${appId}`);
    return app;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = (json: Record<string, unknown>): void =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') return answer(this.issueToken(url.searchParams));
    if (req.method === 'POST' && url.pathname === '/cgi-bin/media/upload') {
      const token = url.searchParams.get('access_token') ?? '';
      const issued = this.tokens.get(token);
      const refused = !issued ? 40001 : issued.expiresAt <= this.now() ? 42001 : undefined;
      if (refused) {
        this.media.refuse(issued?.appId ?? '', refused);
        return answer({ errcode: refused, errmsg: refused === 40001 ? 'invalid credential' : 'access_token expired' });
      }
      const result = await this.media.upload(
        issued!.appId,
        url.searchParams.get('type'),
        req.headers['content-type'],
        Buffer.concat(chunks),
      );
      return answer(
        result.mediaId
          ? { type: 'image', media_id: result.mediaId, created_at: result.createdAt }
          : { errcode: result.errcode, errmsg: result.errmsg },
      );
    }
    const sendPaths = ['/cgi-bin/message/custom/send', '/cgi-bin/message/subscribe/send', '/cgi-bin/message/subscribe/bizsend'];
    if (req.method !== 'POST' || !sendPaths.includes(url.pathname)) return answer({ errcode: 404, errmsg: 'unknown api' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return answer({ errcode: 47001, errmsg: 'data format error' });
    }
    const result = this.handleSend(url.pathname, url.searchParams.get('access_token') ?? '', body);
    return answer(
      result.errcode === 0
        ? { errcode: 0, errmsg: 'ok', ...(result.msgid ? { msgid: result.msgid } : {}) }
        : { errcode: result.errcode, errmsg: 'refused' },
    );
  }

  private issueToken(q: URLSearchParams): Record<string, unknown> {
    const app = this.apps.get(q.get('appid') ?? '');
    if (q.get('grant_type') !== 'client_credential' || !app) return { errcode: 40013, errmsg: 'invalid appid' };
    if (q.get('secret') !== app.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const token = `ACCESS_${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { appId: app.appId, expiresAt: this.now() + 7200_000 });
    this.tokenFetches.set(app.appId, (this.tokenFetches.get(app.appId) ?? 0) + 1);
    return { access_token: token, expires_in: 7200 };
  }

  private handleSend(path: string, token: string, body: Record<string, unknown>): { errcode: number; msgid?: number } {
    const issued = this.tokens.get(token);
    const appId = issued?.appId ?? '';
    const openid = String(body.touser ?? '');
    const record = (errcode: number) => this.sends.push({ appId, openid, path, body, errcode, at: this.now(), seq: (this.seq += 1) });
    const errcode =
      this.refusal(issued, appId, openid) ??
      this.badMedia(appId, body) ??
      (path.includes('/subscribe/') ? this.useConsent(appId, openid, body) : this.windows.use(appId, openid, this.now()));
    record(errcode);
    return errcode === 0 && path.includes('/subscribe/') ? { errcode, msgid: Number(this.msgIds % 1_000_000n) } : { errcode };
  }

  /** Token and recipient checks every send passes first: 40001 unknown token, 42001 expired, 40003 unknown openid. */
  private refusal(issued: { expiresAt: number } | undefined, appId: string, openid: string): number | undefined {
    if (!issued) return 40001;
    if (issued.expiresAt <= this.now()) return 42001;
    return this.shoppers.has(`${appId}:${openid}`) ? undefined : 40003;
  }

  /**
   * 40007 for an image message whose media_id this app never uploaded (or uploaded more than 3 days ago), and the
   * checks of a `miniprogrampage` card (see {@link MINI_CARD_ERRORS}): its thumb_media_id like an image's.
   */
  private badMedia(appId: string, body: Record<string, unknown>): number | undefined {
    if (body.msgtype === 'miniprogrampage') return this.badMiniCard(appId, body);
    if (body.msgtype !== 'image') return undefined;
    const errcode = this.media.check(appId, (body.image as { media_id?: unknown } | undefined)?.media_id);
    return errcode === 0 ? undefined : errcode;
  }

  /**
   * A mini-program card needs a non-empty title, pagepath and an issued thumb_media_id; on an Official Account also the
   * `appid` of a Mini Program linked to the account (Mini Programs open their own page and take no appid).
   */
  private badMiniCard(appId: string, body: Record<string, unknown>): number | undefined {
    const app = this.app(appId);
    const card = (body.miniprogrampage ?? {}) as Record<string, unknown>;
    const filled = (key: string) => typeof card[key] === 'string' && card[key] !== '';
    const official = (app.kind ?? 'official') === 'official';
    if (!filled('title') || !filled('pagepath') || !filled('thumb_media_id') || (official && !filled('appid')))
      return MINI_CARD_ERRORS.missingField;
    if (official && app.linkedMiniPrograms && !app.linkedMiniPrograms.includes(String(card.appid))) return MINI_CARD_ERRORS.notLinked;
    const errcode = this.media.check(appId, card.thumb_media_id);
    return errcode === 0 ? undefined : errcode;
  }

  private useConsent(appId: string, openid: string, body: Record<string, unknown>): number {
    const key = `${appId}:${openid}:${String(body.template_id ?? '')}`;
    const left = this.consents.get(key) ?? 0;
    if (left <= 0) return 43101;
    this.consents.set(key, left - 1);
    return 0;
  }
}
