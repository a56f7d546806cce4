import type { InboundMessage } from '../../core/message';
import type { InboundAction } from './channel-rules';

/** Platform event types that open the short "menu click / follow / scan" window (WeChat OA). */
const MENU_EVENTS = new Set(['menu_click', 'click', 'view', 'subscribe', 'follow', 'scan', 'scancode_push', 'scancode_waitmsg']);
/** Event types that open the Mini Program "entered a service session" window. */
const SESSION_EVENTS = new Set(['session_enter', 'user_enter_tempsession', 'enter_session']);
/** Event types that open the 48 h unlimited "after payment" window. */
const PAYMENT_EVENTS = new Set(['payment', 'order_paid', 'pay_success']);

/**
 * Which window an inbound message opens, for `ledger.recordInbound` in the turn pipeline:
 * text, image and postback → `message`; platform events by type; other events → none.
 *
 * @example
 * const action = inboundActionOf(msg);
 * if (action) await ledger.recordInbound(msg.ref.channel, userId, action, msg.receivedAt);
 */
export function inboundActionOf(message: Pick<InboundMessage, 'kind' | 'event'>): InboundAction | undefined {
  if (message.kind !== 'event') return 'message';
  const type = message.event?.type.toLowerCase() ?? '';
  if (MENU_EVENTS.has(type)) return 'menu_click';
  if (SESSION_EVENTS.has(type)) return 'session_enter';
  if (PAYMENT_EVENTS.has(type)) return 'payment';
  return undefined;
}
