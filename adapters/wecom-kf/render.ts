import { createHash } from 'node:crypto';
import { UnsupportedFeatureError, type OutboundMessage, type OutboundType } from '../../src/index';
import { MAX_MSGID_LENGTH } from './constants';
import type { KfOutboundBody } from './kf-types';
import { CHANNEL } from './normalise';

/** Types the adapter renders natively (cards need thumb media upload, images media upload: not implemented). */
export const KF_OUTBOUND: readonly OutboundType[] = ['text', 'quick_replies', 'handoff'];

/**
 * The send_msg message part of an outbound message: text → text; quick_replies → msgmenu (head_content and
 * click items whose id is the reply's payload, else its title); handoff → its text. Others throw
 * UnsupportedFeatureError.
 *
 * @example
 * renderKf({ type: 'quick_replies', text: '想看哪类？', replies: [{ title: '服饰' }] });
 * // → { msgtype: 'msgmenu', msgmenu: { head_content: '想看哪类？', list: [{ type: 'click', click: { id: '服饰', content: '服饰' } }] } }
 */
export function renderKf(message: OutboundMessage): KfOutboundBody {
  switch (message.type) {
    case 'text':
    case 'handoff':
      return { msgtype: 'text', text: { content: message.text } };
    case 'quick_replies':
      return {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: message.text,
          list: message.replies.map((r) => ({ type: 'click' as const, click: { id: r.payload ?? r.title, content: r.title } })),
        },
      };
    default:
      throw new UnsupportedFeatureError(CHANNEL, String(message.type));
  }
}

/**
 * The send_msg msgid of an idempotency key: the same for every attempt, at most 32 characters of
 * [0-9a-zA-Z_-] as the API requires. WeCom refuses a msgid it has already sent, which makes keyed sends
 * reach the customer at most once.
 */
export function msgIdOf(idempotencyKey: string, suffix = ''): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\u0000${suffix}`).digest('base64url');
  return `k${hash}`.slice(0, MAX_MSGID_LENGTH);
}
