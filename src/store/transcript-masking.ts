/**
 * What the conversation log stores of a message's text: personal data masked (src/core/privacy).
 *
 * The rule: a turn is recognised (intent, entities such as the order id) on the text as the shopper sent
 * it; only what is written down afterwards is masked, so masking never breaks an order look-up. The
 * masker keeps order ids readable in the transcript (an operator looks a case up by them), while phones,
 * landlines, 身份证 and bank card numbers, e-mail addresses and postal addresses are stored masked
 * (`138****5678`, `6222 **** **** 1234`, `[地址]`…). Flow slots and service records (invoice requests,
 * complaints) are working data for staff and are stored as collected.
 */
import { maskPersonalData } from '../core/privacy';
import type { OutboundMessage } from '../core/message';

/** The text as stored: masked, `null` when there is none. */
export function storedText(text: string | undefined | null): string | null {
  return text === undefined || text === null ? null : maskPersonalData(text);
}

/**
 * An outbound message as stored (its payload replays it in the web chat history): the texts a reply
 * carries are masked the same way, cards and images are kept as they are.
 *
 * @example
 * storedReply({ type: 'text', text: '已记下您的电话 13812345678' }); // { type: 'text', text: '已记下您的电话 138****5678' }
 */
export function storedReply(reply: OutboundMessage): OutboundMessage {
  switch (reply.type) {
    case 'text':
    case 'handoff':
    case 'quick_replies':
      return { ...reply, text: maskPersonalData(reply.text) };
    default:
      return reply;
  }
}
