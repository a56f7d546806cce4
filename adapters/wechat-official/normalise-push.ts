import { createHash } from 'node:crypto';
import { BadInputError, type ConversationRef, type InboundMessage } from '../../src/index';
import type { SubscriptionTemplateConfig } from './options';
import type { PopupItem, PushFields } from './read-push';

/** A push turned into kefu's model. */
export interface NormalisedPush {
  /** What identifies WeChat's retries of this push: `msg:<MsgId>`, or for an event `event:<CreateTime>:<Event>:<digest>` (see {@link eventDigest}). */
  dedupeId: string;
  /** The shopper's openid (FromUserName). */
  openid: string;
  /** The account's original id (ToUserName, gh_…), the sender of passive replies. */
  accountName: string;
  /** One message, or one per answer of a subscription prompt (none for an empty prompt). */
  messages: InboundMessage[];
}

/** Placeholders of message types kefu reads as text (WeChat's own wording in the chat list). */
const PLACEHOLDERS: Record<string, (f: Record<string, string>) => string> = {
  voice: () => '[语音]',
  video: () => '[视频]',
  shortvideo: () => '[视频]',
  location: (f) => `[位置] ${f.Label ?? ''}`.trim(),
  link: (f) => `[链接] ${f.Title ?? ''}`.trim(),
  miniprogrampage: (f) => `[小程序卡片] ${f.Title ?? ''}`.trim(),
};

/** Events whose type kefu uses lower-cased as is (the core opens send windows on them). */
const PLAIN_EVENTS = new Set(['subscribe', 'unsubscribe', 'click', 'view', 'scan', 'user_enter_tempsession']);

type Base = Pick<InboundMessage, 'ref' | 'receivedAt'>;

function shopperMessage(base: Base, f: Record<string, string>, id: string): InboundMessage {
  const type = f.MsgType ?? '';
  if (type === 'text' && f.bizmsgmenuid) return { ...base, id, kind: 'postback', postback: f.bizmsgmenuid, text: f.Content ?? '' };
  if (type === 'text') return { ...base, id, kind: 'text', text: f.Content ?? '' };
  if (type === 'image') return { ...base, id, kind: 'image', imageUrl: f.PicUrl };
  if (type === 'voice' && f.Recognition) return { ...base, id, kind: 'text', text: f.Recognition };
  return { ...base, id, kind: 'text', text: (PLACEHOLDERS[type] ?? (() => `[${type}]`))(f) };
}

function consentMessages(
  base: Base,
  items: PopupItem[],
  id: string,
  templates: Record<string, SubscriptionTemplateConfig>,
): InboundMessage[] {
  const nameOf = new Map(Object.entries(templates).map(([name, t]) => [t.templateId, name]));
  return items.map((item, i) => ({
    ...base,
    id: `${id}:${i}`,
    kind: 'event',
    event: {
      type: 'subscription_consent',
      payload: {
        template: nameOf.get(item.templateId) ?? item.templateId,
        accepted: item.status === 'accept',
        platformTemplateId: item.templateId,
      },
    },
  }));
}

function eventMessages(base: Base, push: PushFields, id: string, templates: Record<string, SubscriptionTemplateConfig>): InboundMessage[] {
  const f = push.fields;
  const type = (f.Event ?? '').toLowerCase();
  if (type === 'subscribe_msg_popup_event') return consentMessages(base, push.popup, id, templates);
  const payload: Record<string, unknown> = {};
  if (f.EventKey) payload.eventKey = f.EventKey;
  if (f.SessionFrom) payload.sessionFrom = f.SessionFrom;
  const eventType = PLAIN_EVENTS.has(type) ? type : type || 'unknown';
  return [{ ...base, id, kind: 'event', event: { type: eventType, payload } }];
}

/**
 * What tells an event apart from another of the same shopper, second and type: a digest of every field (EventKey of
 * a menu CLICK or VIEW, the scene of a SCAN, SessionFrom, Latitude…) and of the prompt answers, FromUserName
 * included. WeChat retries a push with the same body, so a retry has the same digest; two menu taps in one second do
 * not. The openid itself stays out of the key, which is logged and stored.
 */
function eventDigest(push: PushFields): string {
  const fields = Object.entries(push.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([fields, push.popup]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Normalises a push of app `appId` into InboundMessages of `channel` (ref: accountId = appId, conversation and user =
 * openid), with the key that identifies WeChat's retries of it. Throws BadInputError on a push without sender or type.
 *
 * @example
 * const { messages } = normalisePush('wechat-official', 'wx1', readPushXml(xml), {}, Date.now());
 */
export function normalisePush(
  channel: string,
  appId: string,
  push: PushFields,
  templates: Record<string, SubscriptionTemplateConfig>,
  now: number,
): NormalisedPush {
  const f = push.fields;
  const openid = f.FromUserName ?? '';
  if (openid === '' || !f.MsgType) {
    throw new BadInputError('The WeChat push has no FromUserName or MsgType.', 'push messages as WeChat documents them.');
  }
  const ref: ConversationRef = { channel, accountId: appId, conversationId: openid, userId: openid };
  const created = Number(f.CreateTime);
  const base: Base = { ref, receivedAt: Number.isFinite(created) && created > 0 ? created * 1000 : now };
  const isEvent = f.MsgType === 'event';
  const dedupeId = !isEvent && f.MsgId ? `msg:${f.MsgId}` : `event:${f.CreateTime ?? ''}:${f.Event ?? f.MsgType}:${eventDigest(push)}`;
  const id = !isEvent && f.MsgId ? f.MsgId : dedupeId.slice('event:'.length);
  const messages = isEvent ? eventMessages(base, push, id, templates) : [shopperMessage(base, f, id)];
  return { dedupeId, openid, accountName: f.ToUserName ?? '', messages };
}
