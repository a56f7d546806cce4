/**
 * WeCom 微信客服 (kf) API facts in one place: paths, limits, session states and error codes.
 *
 * What is confirmed (developer.work.weixin.qq.com, document 31078 "读取消息", the send_msg notes mirrored by
 * SDKs, and WeCom community answers):
 * - the callback event `kf_msg_or_event` with Token (valid 10 min) and OpenKfId; sync_msg {cursor, token, limit ≤ 1000,
 *   open_kfid} → {next_cursor, has_more, msg_list}; origin 3 = customer, 4 = system event, 5 = servicer;
 * - send_msg only while the session is 0 (new) or 1 (assistant), at most 5 messages within 48 h of the customer's
 *   last message; msgid at most 32 bytes of [0-9a-zA-Z_-];
 * - 95018 "send msg session status invalid" (send_msg in a state other than 0/1);
 * - 40014 / 42001 / 40001: invalid or expired access_token (handled by the core's withAccessToken).
 *
 * Media (outbound images, link-card thumbnails): `POST /cgi-bin/media/upload?access_token=…&type=image`, multipart
 * field `media` with filename and content-type, answers `{ errcode, errmsg, type, media_id, created_at }`; the media_id
 * lives 3 days and is shared by every app of the corp; images JPG/PNG up to 10 MB, files larger than 5 bytes
 * (developer.work.weixin.qq.com document 90389 as mirrored by SDKs). send_msg takes `image: { media_id }` and
 * `link: { title, desc, url, thumb_media_id }` (two independent SDKs, wxkefu-rs and a Go workwx client).
 * 40007 "invalid media_id" is confirmed for media/get; that send_msg answers it for an unknown media_id is assumed.
 *
 * NOT confirmed (numbers recalled from the WeCom global error-code table, not found in the sources at hand):
 * the 48 h window code, invalid sync token, invalid welcome code, refused transition and repeated msgid (95001, the
 * 5-message quota, is confirmed by a public 微信客服 puppet's error table).
 * The fake server (test/helpers/fake-wecom-kf) uses exactly these constants, so a correction here moves both.
 */

/** Default API host. */
export const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';

/** API paths (POST JSON with `?access_token=`, except gettoken). */
export const KF_PATHS = {
  getToken: '/cgi-bin/gettoken',
  syncMsg: '/cgi-bin/kf/sync_msg',
  sendMsg: '/cgi-bin/kf/send_msg',
  sendMsgOnEvent: '/cgi-bin/kf/send_msg_on_event',
  serviceStateGet: '/cgi-bin/kf/service_state/get',
  serviceStateTrans: '/cgi-bin/kf/service_state/trans',
  mediaUpload: '/cgi-bin/media/upload',
} as const;

/** Largest sync_msg page (also the default). */
export const SYNC_LIMIT = 1000;
/** The callback Token's lifetime. */
export const CALLBACK_TOKEN_TTL_MS = 10 * 60_000;
/** send_msg window after the customer's last message, and its quota. */
export const WINDOW_MS = 48 * 3_600_000;
export const WINDOW_QUOTA = 5;
/** send_msg_on_event: the welcome_code is valid this long, once. */
export const WELCOME_CODE_TTL_MS = 20_000;
/** Largest msgid send_msg accepts. */
export const MAX_MSGID_LENGTH = 32;

/** `origin` of a synced message. */
export const ORIGIN = { customer: 3, event: 4, servicer: 5 } as const;

/** service_state values. */
export const SERVICE_STATE = { untreated: 0, assistant: 1, pool: 2, human: 3, ended: 4 } as const;
export type ServiceState = 0 | 1 | 2 | 3 | 4;

/** Allowed service_state/trans moves (from → to). */
export const ALLOWED_TRANSITIONS: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  0: [1, 2, 3, 4],
  1: [1, 2, 3, 4],
  2: [2, 3, 4],
  3: [3, 4],
  4: [],
};

/** Whether service_state/trans may move a session from `from` to `to`. */
export function canTransition(from: ServiceState, to: ServiceState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Errcodes of the kf API. See the file comment for which are confirmed. */
export const KF_ERRORS = {
  /** Confirmed: send_msg while the session is not 0/1. */
  sessionStateInvalid: 95018,
  /**
   * More than 5 messages since the customer's last message ("给该客户发送的消息数量已达上限，请等待客户回复后方可再发送",
   * as a public 微信客服 puppet maps it).
   */
  windowQuota: 95001,
  /** Unconfirmed: more than 48 h since the customer's last message. */
  windowClosed: 95002,
  /** Unconfirmed: unknown open_kfid. */
  invalidOpenKfId: 95000,
  /** Unconfirmed: sync_msg token missing, unknown or older than 10 minutes. */
  invalidSyncToken: 95007,
  /** Unconfirmed: send_msg_on_event code unknown, used or older than 20 s. */
  invalidWelcomeCode: 95017,
  /** Unconfirmed: service_state/trans move not in the table (or state 3 without servicer_userid). */
  transitionRefused: 95016,
  /** Unconfirmed: a msgid that was already sent. Treated as success (the message went out before). */
  duplicateMsgId: 95020,
  /** Unknown or expired media_id (confirmed for media/get; assumed for send_msg, see the file comment). */
  invalidMediaId: 40007,
  /** Invalid corp secret (gettoken). */
  invalidSecret: 40001,
  invalidCorpId: 40013,
  invalidToken: 40014,
  expiredToken: 42001,
} as const;

/** Errcodes meaning the 48 h window is closed (the OA's 45015 is accepted too, in case kf reuses it). */
export const WINDOW_CLOSED_CODES: ReadonlySet<number> = new Set([KF_ERRORS.windowClosed, 45015]);
/** Errcodes meaning the window's 5 messages are used (the OA's 45047 is accepted too). */
export const WINDOW_QUOTA_CODES: ReadonlySet<number> = new Set([KF_ERRORS.windowQuota, 45047]);
