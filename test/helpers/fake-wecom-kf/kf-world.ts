import { randomBytes } from 'node:crypto';
import type { KfEvent, KfMessage, ServiceState } from '../../../adapters/wecom-kf';
import { TempMedia } from '../fake-wechat-official/temp-media';

/** One customer of one kf account, as WeCom tracks them. */
export interface FakeCustomer {
  openKfId: string;
  userId: string;
  state: ServiceState;
  servicerUserId?: string;
  /** When the customer last wrote (ms); send_msg's 48 h window runs from here. */
  lastMessageAt?: number;
  /** send_msg successes since that message (at most 5). */
  sentInWindow: number;
  /** When the customer last got a welcome_code (one per 48 h). */
  lastWelcomeAt?: number;
}

/** One send attempt the fake saw, refused or not. */
export interface FakeSend {
  at: number;
  api: 'send_msg' | 'send_msg_on_event';
  openKfId?: string;
  userId?: string;
  /** The JSON body as received. */
  body: Record<string, unknown>;
  /** 0 when it went out. */
  errcode: number;
}

/** One sync_msg call. */
export interface FakeSyncCall {
  openKfId: string;
  cursor?: string;
  limit: number;
  returned: number;
  nextCursor: string;
  hasMore: number;
}

/** A random id like WeCom's. */
export function fakeId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/**
 * The fake's memory: per-kf message logs (what sync_msg pages through), customers with their session state and
 * send window, issued tokens and codes, and a record of every send and pull.
 */
export class KfWorld {
  readonly logs = new Map<string, KfMessage[]>();
  readonly customers = new Map<string, FakeCustomer>();
  /** access_token → expiry (ms). */
  readonly accessTokens = new Map<string, number>();
  /** callback Token → kf account and expiry. */
  readonly syncTokens = new Map<string, { openKfId: string; expiresAt: number }>();
  /** welcome_code → expiry and whether it was used. */
  readonly welcomeCodes = new Map<string, { openKfId: string; userId: string; expiresAt: number; used: boolean }>();
  readonly sentMsgIds = new Set<string>();
  readonly sends: FakeSend[] = [];
  readonly syncCalls: FakeSyncCall[] = [];
  readonly transitions: { openKfId: string; userId: string; from: ServiceState; to: ServiceState; servicerUserId?: string }[] = [];
  tokenFetches = 0;
  /** AppIDs of the Mini Programs the corp may send as `miniprogram` cards (linked to it); unset: any AppID. */
  miniProgramAppIds?: readonly string[];
  /**
   * Temporary media of the corp (media ids are shared by every app of a corp): WeCom's image rules, JPG/PNG of more
   * than 5 bytes and at most 10 MB.
   */
  readonly media: TempMedia;

  constructor(
    readonly openKfIds: ReadonlySet<string>,
    readonly now: () => number,
  ) {
    for (const id of openKfIds) this.logs.set(id, []);
    this.media = new TempMedia({ kinds: ['jpg', 'png'], maxBytes: 10 * 1024 * 1024, minBytes: 5 }, now, '3');
  }

  customer(openKfId: string, userId: string): FakeCustomer {
    const key = `${openKfId}|${userId}`;
    let found = this.customers.get(key);
    if (!found) {
      found = { openKfId, userId, state: 0, sentInWindow: 0 };
      this.customers.set(key, found);
    }
    return found;
  }

  findCustomer(openKfId: unknown, userId: unknown): FakeCustomer | undefined {
    return this.customers.get(`${String(openKfId)}|${String(userId)}`);
  }

  /** Append a customer message (origin 3): opens a new window and restarts an ended session. */
  appendCustomerMessage(openKfId: string, userId: string, part: Pick<KfMessage, 'msgtype' | 'text' | 'image'>): KfMessage {
    const customer = this.customer(openKfId, userId);
    if (customer.state === 4) customer.state = 0;
    customer.lastMessageAt = this.now();
    customer.sentInWindow = 0;
    return this.append({ ...this.base(openKfId, 3), external_userid: userId, ...part });
  }

  /** Append an enter_session event; a welcome_code (valid 20 s) comes with it at most once per 48 h. */
  appendEnter(openKfId: string, userId: string, scene = '', sceneParam = ''): KfMessage {
    const customer = this.customer(openKfId, userId);
    if (customer.state === 4) customer.state = 0;
    const event: KfEvent = { event_type: 'enter_session', open_kfid: openKfId, external_userid: userId, scene, scene_param: sceneParam };
    if (customer.lastWelcomeAt === undefined || this.now() - customer.lastWelcomeAt > 48 * 3_600_000) {
      event.welcome_code = fakeId('wc_');
      customer.lastWelcomeAt = this.now();
      this.welcomeCodes.set(event.welcome_code, { openKfId, userId, expiresAt: this.now() + 20_000, used: false });
    }
    return this.append({ ...this.base(openKfId, 4), msgtype: 'event', event });
  }

  /** Append a session_status_change event (a servicer acted in the WeCom client). */
  appendStatusChange(customer: FakeCustomer, changeType: number, newServicer?: string): KfMessage {
    const event: KfEvent = {
      event_type: 'session_status_change',
      open_kfid: customer.openKfId,
      external_userid: customer.userId,
      change_type: changeType,
      new_servicer_userid: newServicer,
    };
    return this.append({ ...this.base(customer.openKfId, 4), msgtype: 'event', event });
  }

  private base(openKfId: string, origin: number): KfMessage {
    return { msgid: fakeId('m'), open_kfid: openKfId, send_time: Math.floor(this.now() / 1000), origin, msgtype: '' };
  }

  private append(message: KfMessage): KfMessage {
    const log = this.logs.get(message.open_kfid);
    if (!log) throw new Error(`fake WeCom: unknown kf account ${message.open_kfid}`);
    log.push(message);
    return message;
  }
}
