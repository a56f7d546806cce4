import { outboundToText, type OutboundMessage, type OutboundType, type QuickReply } from '../../src/index';
import { couponCard, imageAttachment, orderCard, productCard } from './cards';
import { HANDOFF_EVENT, POSTBACK_KEY } from './constants';
import type { OutgoingActivity } from './connector-client';
import type { TranscriptLine } from './options';

/** Every outbound type the adapter renders natively. */
export const BOTFRAMEWORK_OUTBOUND: readonly OutboundType[] = [
  'text',
  'image',
  'quick_replies',
  'product_card',
  'coupon_card',
  'order_card',
  'handoff',
];

/** Who is who in the conversation, for the transcript of a handoff. */
export interface Parties {
  user: { id: string; name?: string };
  bot: { id: string; name?: string };
}

/**
 * A quick reply as a suggested action: `imBack` (the title is sent back as the shopper's text) when it has no
 * payload, else `messageBack` carrying `{ kefuPostback: payload }`, shown as the title.
 */
export function suggestedAction(reply: QuickReply): Record<string, unknown> {
  if (reply.payload === undefined) return { type: 'imBack', title: reply.title, value: reply.title };
  return { type: 'messageBack', title: reply.title, text: reply.title, displayText: reply.title, value: { [POSTBACK_KEY]: reply.payload } };
}

/** The recent transcript as the Activities of a `Transcript` attachment (Bot Framework's handoff protocol). */
function transcriptAttachment(lines: TranscriptLine[], parties: Parties): Record<string, unknown> {
  const activities = lines.map((line) => ({
    type: 'message',
    from: line.from === 'shopper' ? { ...parties.user, role: 'user' } : { ...parties.bot, role: 'bot' },
    text: line.text,
    timestamp: new Date(line.at).toISOString(),
  }));
  return { contentType: 'application/json', name: 'Transcript', content: { activities } };
}

/**
 * OutboundMessage → the Activities that show it: text; quick replies as suggestedActions; product cards as Hero cards;
 * coupons and orders as Adaptive Cards (with `summary` for channels without cards); images as attachments; a handoff as
 * its text and then a `handoff.initiate` event carrying the reason and the recent transcript.
 *
 * @example
 * renderActivities({ type: 'quick_replies', text: '想看看哪一类呢？', replies: [{ title: '服饰' }] }, parties, []);
 */
export function renderActivities(message: OutboundMessage, parties: Parties, transcript: TranscriptLine[]): OutgoingActivity[] {
  const summary = outboundToText(message);
  switch (message.type) {
    case 'text':
      return [{ type: 'message', text: message.text, textFormat: 'plain', locale: 'zh-CN' }];
    case 'quick_replies':
      return [
        {
          type: 'message',
          text: message.text,
          textFormat: 'plain',
          locale: 'zh-CN',
          suggestedActions: { to: [parties.user.id], actions: message.replies.map(suggestedAction) },
        },
      ];
    case 'image':
      return [{ type: 'message', attachments: [imageAttachment(message.url, message.alt)], summary }];
    case 'product_card':
      return [{ type: 'message', attachments: [productCard(message.product)], summary }];
    case 'coupon_card':
      return [{ type: 'message', attachments: [couponCard(message.coupon)], summary }];
    case 'order_card':
      return [{ type: 'message', attachments: [orderCard(message.order)], summary }];
    case 'handoff':
      return [
        { type: 'message', text: message.text, textFormat: 'plain', locale: 'zh-CN' },
        {
          type: 'event',
          name: HANDOFF_EVENT,
          value: { reason: message.reason ?? 'handoff', text: message.text },
          attachments: [transcriptAttachment(transcript, parties)],
        },
      ];
  }
}
