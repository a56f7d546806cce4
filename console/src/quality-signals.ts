import type { QualityMessages } from './quality-messages';

/**
 * A stored outcome signal in words (docs/kpis.md, 会话质量): `flow_done:logistics` → 完成「物流查询」 with the flow
 * titles the API sent; an unknown signal is shown as it is.
 *
 * @example
 * signalText('flow_done:logistics', { logistics: '物流查询' }, zh); // '完成「物流查询」'
 */
export function signalText(signal: string, flows: Record<string, string>, m: QualityMessages): string {
  const colon = signal.indexOf(':');
  const name = colon < 0 ? signal : signal.slice(0, colon);
  const value = colon < 0 ? '' : signal.slice(colon + 1);
  const flow = (): string => (m.placeholders[value] && !flows[value] ? m.placeholders[value] : m.flowName(value, flows[value]));
  const s = m.signals;
  switch (name) {
    case 'flow_done':
      return s.flowDone(flow());
    case 'handoff':
      return value ? s.handoffReason(value) : s.handoff;
    case 'ticket':
      return s.ticket;
    case 'negative':
      return s.negative(value);
    case 'repeated':
      return s.repeated(flow());
    case 'fallbacks':
      return s.fallbacks(value);
    case 'low_confidence':
      return s.lowConfidence(value);
    case 'no_reply':
      return s.noReply;
    case 'not_done':
      return s.notDone;
    case 'waiting':
      return s.waiting(flow());
    case 'silent_after_fallback':
      return s.silentAfterFallback;
    case 'silent_after_unsure':
      return s.silentAfterUnsure(value);
    case 'small_talk_only':
      return s.smallTalkOnly;
    case 'small_talk':
      return s.smallTalk;
    case 'thanks':
      return s.thanks;
    case 'ack':
      return s.ack;
    case 'order':
      return s.order;
    case 'rating':
      return s.rating(value);
    default:
      return signal;
  }
}
