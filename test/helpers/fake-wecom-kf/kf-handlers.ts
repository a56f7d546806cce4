import { KF_ERRORS, WINDOW_MS, WINDOW_QUOTA, canTransition, type ServiceState } from '../../../adapters/wecom-kf';
import { fakeId, type KfWorld } from './kf-world';

/** A JSON answer of the fake API. */
export type Answer = Record<string, unknown> & { errcode: number };

const ok = (extra: Record<string, unknown> = {}): Answer => ({ errcode: 0, errmsg: 'ok', ...extra });
const fail = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg: `${errmsg}, hint: [fake]` });

function encodeCursor(offset: number): string {
  return Buffer.from(`off:${offset}`).toString('base64url');
}

function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  const match = /^off:(\d+)$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

/** POST /cgi-bin/kf/sync_msg: the callback token is required and lives 10 minutes; pages of at most `limit` (and `pageSize`). */
export function syncMsg(world: KfWorld, body: Record<string, unknown>, pageSize: number): Answer {
  const openKfId = String(body.open_kfid ?? '');
  const log = world.logs.get(openKfId);
  if (!log) return fail(KF_ERRORS.invalidOpenKfId, 'invalid open_kfid');
  const token = world.syncTokens.get(String(body.token ?? ''));
  if (!token || token.openKfId !== openKfId || token.expiresAt < world.now()) return fail(KF_ERRORS.invalidSyncToken, 'invalid msg token');
  const limit = body.limit === undefined ? 1000 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(40058, 'invalid limit');
  const offset = decodeCursor(body.cursor);
  if (offset === undefined || offset > log.length) return fail(40058, 'invalid cursor');
  const page = log.slice(offset, offset + Math.min(limit, pageSize));
  const next = offset + page.length;
  const answer = { next_cursor: encodeCursor(next), has_more: next < log.length ? 1 : 0, msg_list: page };
  world.syncCalls.push({
    openKfId,
    cursor: body.cursor as string | undefined,
    limit,
    returned: page.length,
    nextCursor: answer.next_cursor,
    hasMore: answer.has_more,
  });
  return ok(answer);
}

/**
 * Refusals of a `miniprogram` send (fields from two SDKs: appid, title (optional), thumb_media_id, pagepath). Assumed:
 * 40058 (invalid parameter) for a missing appid/pagepath, and 40013-like "invalid appid" for a Mini Program not linked
 * to the corp (WeCom's exact code for it is not in the sources at hand).
 */
export const KF_MINI_CARD_ERRORS = { missingField: 40058, notLinked: 40013 } as const;

/**
 * Media checks of send_msg: an image's media_id and a link's or mini-program card's thumb_media_id must have been
 * uploaded (by this corp, less than 3 days ago); a link needs a title and a url, a mini-program card an appid (of a
 * Mini Program linked to the corp) and a pagepath. 40007 for a bad media_id is the WeChat/WeCom global
 * "invalid media_id" code, assumed for send_msg (see adapters/wecom-kf/constants.ts); 40058 (invalid parameter)
 * for a link without title or url is assumed too.
 */
function mediaRefusal(world: KfWorld, body: Record<string, unknown>): Answer | undefined {
  const corp = 'corp';
  if (body.msgtype === 'image') {
    const errcode = world.media.check(corp, (body.image as { media_id?: unknown } | undefined)?.media_id);
    return errcode ? fail(errcode, 'invalid media_id') : undefined;
  }
  if (body.msgtype === 'link') {
    const link = (body.link ?? {}) as { title?: unknown; url?: unknown; thumb_media_id?: unknown };
    if (typeof link.title !== 'string' || link.title === '' || typeof link.url !== 'string' || link.url === '')
      return fail(40058, 'invalid link: title and url are required');
    const errcode = world.media.check(corp, link.thumb_media_id);
    return errcode ? fail(errcode, 'invalid thumb_media_id') : undefined;
  }
  if (body.msgtype === 'miniprogram') {
    const card = (body.miniprogram ?? {}) as { appid?: unknown; pagepath?: unknown; thumb_media_id?: unknown };
    if (typeof card.appid !== 'string' || card.appid === '' || typeof card.pagepath !== 'string' || card.pagepath === '')
      return fail(KF_MINI_CARD_ERRORS.missingField, 'invalid miniprogram: appid and pagepath are required');
    if (world.miniProgramAppIds && !world.miniProgramAppIds.includes(card.appid))
      return fail(KF_MINI_CARD_ERRORS.notLinked, 'invalid appid: the mini program is not linked to this corp');
    const errcode = world.media.check(corp, card.thumb_media_id);
    return errcode ? fail(errcode, 'invalid thumb_media_id') : undefined;
  }
  return undefined;
}

/** The errcode send_msg answers for this body, 0 when it may go out. */
function sendMsgRefusal(world: KfWorld, body: Record<string, unknown>): Answer | undefined {
  if (!world.logs.has(String(body.open_kfid))) return fail(KF_ERRORS.invalidOpenKfId, 'invalid open_kfid');
  const customer = world.findCustomer(body.open_kfid, body.touser);
  if (!customer) return fail(40003, 'invalid external_userid');
  if (!['text', 'msgmenu', 'image', 'link', 'miniprogram'].includes(String(body.msgtype))) return fail(40008, 'invalid message type');
  const media = mediaRefusal(world, body);
  if (media) return media;
  if (typeof body.msgid === 'string' && world.sentMsgIds.has(body.msgid)) return fail(KF_ERRORS.duplicateMsgId, 'msgid already sent');
  if (customer.state !== 0 && customer.state !== 1) return fail(KF_ERRORS.sessionStateInvalid, 'send msg session status invalid');
  if (customer.lastMessageAt === undefined || world.now() - customer.lastMessageAt > WINDOW_MS)
    return fail(KF_ERRORS.windowClosed, 'send msg out of 48 hours');
  if (customer.sentInWindow >= WINDOW_QUOTA) return fail(KF_ERRORS.windowQuota, 'send msg count limit exceed');
  return undefined;
}

/** POST /cgi-bin/kf/send_msg: only in state 0/1, within 48 h of the customer's last message, 5 at most; a msgid once. */
export function sendMsg(world: KfWorld, body: Record<string, unknown>): Answer {
  const answer = sendMsgRefusal(world, body) ?? ok({ msgid: typeof body.msgid === 'string' ? body.msgid : fakeId('s', 9) });
  world.sends.push({
    at: world.now(),
    api: 'send_msg',
    openKfId: String(body.open_kfid),
    userId: String(body.touser),
    body,
    errcode: answer.errcode,
  });
  if (answer.errcode === 0) {
    world.findCustomer(body.open_kfid, body.touser)!.sentInWindow += 1;
    world.sentMsgIds.add(String(answer.msgid));
  }
  return answer;
}

/** POST /cgi-bin/kf/send_msg_on_event: a welcome_code is good for 20 s, once. */
export function sendMsgOnEvent(world: KfWorld, body: Record<string, unknown>): Answer {
  const code = world.welcomeCodes.get(String(body.code ?? ''));
  let answer: Answer;
  if (!code || code.used || code.expiresAt < world.now()) answer = fail(KF_ERRORS.invalidWelcomeCode, 'invalid code');
  else if (body.msgtype !== 'text' && body.msgtype !== 'msgmenu') answer = fail(40008, 'invalid message type');
  else {
    code.used = true;
    answer = ok({ msgid: typeof body.msgid === 'string' ? body.msgid : fakeId('w', 9) });
  }
  world.sends.push({
    at: world.now(),
    api: 'send_msg_on_event',
    openKfId: code?.openKfId,
    userId: code?.userId,
    body,
    errcode: answer.errcode,
  });
  return answer;
}

/** POST /cgi-bin/kf/service_state/get. */
export function serviceStateGet(world: KfWorld, body: Record<string, unknown>): Answer {
  if (!world.logs.has(String(body.open_kfid))) return fail(KF_ERRORS.invalidOpenKfId, 'invalid open_kfid');
  const customer = world.findCustomer(body.open_kfid, body.external_userid);
  if (!customer) return fail(40003, 'invalid external_userid');
  return ok({ service_state: customer.state, servicer_userid: customer.servicerUserId ?? '' });
}

/** POST /cgi-bin/kf/service_state/trans: only moves in the table; state 3 needs a servicer_userid. */
export function serviceStateTrans(world: KfWorld, body: Record<string, unknown>): Answer {
  const customer = world.findCustomer(body.open_kfid, body.external_userid);
  if (!customer) return fail(40003, 'invalid external_userid');
  const to = Number(body.service_state) as ServiceState;
  const servicer = typeof body.servicer_userid === 'string' && body.servicer_userid !== '' ? body.servicer_userid : undefined;
  if (![0, 1, 2, 3, 4].includes(to) || !canTransition(customer.state, to) || (to === 3 && !servicer)) {
    return fail(KF_ERRORS.transitionRefused, `service state trans ${customer.state}->${String(body.service_state)} not allowed`);
  }
  world.transitions.push({ openKfId: customer.openKfId, userId: customer.userId, from: customer.state, to, servicerUserId: servicer });
  customer.state = to;
  customer.servicerUserId = to === 3 ? servicer : undefined;
  return ok({ msg_code: fakeId('mc_') });
}
