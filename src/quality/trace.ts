import { outboundToText } from '../core/message';
import type { TurnRecord } from '../core/turn-record';
import type { QualityEvent } from './outcome';
import { readShopperCues } from './shopper-cues';

/** Events kept per session: the first ones and the latest ones (a longer session keeps its opening and its end). */
export const TRACE_LIMIT = 60;

/**
 * The quality events of one logged shopper turn, as the session's stored trace keeps them: the shopper's cues (not
 * their words), what the bot did (intent, score, the flow that handled it, ended / asks / fallback, a fingerprint of
 * its reply) and a handoff. Read by {@link labelOutcome} when the session ends.
 *
 * @example
 * turnEvents({ ref, inbound: { kind: 'text', text: '快递到哪了', … }, replies, startedFlow: 'logistics', endedFlows: ['logistics'], mode: 'bot' });
 * // [{ kind: 'shopper', cues: [], words: [] }, { kind: 'bot', flow: 'logistics', flowDone: true, reply: '5f1c…' }]
 */
export function turnEvents(record: TurnRecord): QualityEvent[] {
  const { cues, words } = readShopperCues(record.inbound.text ?? '');
  const events: QualityEvent[] = [{ kind: 'shopper', cues, words }];
  if (record.replies.length > 0 && record.mode === 'bot') events.push(botEvent(record));
  else if (record.replies.length > 0 && record.escalated) events.push(botEvent(record)); // the handoff announcement
  if (record.escalated) events.push(record.handoffReason ? { kind: 'handoff', reason: record.handoffReason } : { kind: 'handoff' });
  else if (record.mode === 'handoff') events.push({ kind: 'handoff', reason: 'human' });
  return events;
}

function botEvent(record: TurnRecord): QualityEvent {
  const flow = record.startedFlow ?? record.previousFlow ?? record.activeFlow;
  const bot: QualityEvent = { kind: 'bot', reply: fingerprint(record.replies.map(outboundToText).join('\n')) };
  const top = record.recognition?.top;
  // `none` is no opinion (e.g. a keyword trigger started the flow): its score says nothing about the answer
  if (top?.name && top.name !== 'none') {
    bot.intent = top.name;
    if (Number.isFinite(top.score)) bot.score = Math.round(top.score * 1000) / 1000;
  }
  if (flow !== undefined) bot.flow = flow;
  if (flow !== undefined && !record.misunderstood && !record.escalated && record.endedFlows?.includes(flow)) bot.flowDone = true;
  if (record.awaiting !== undefined) {
    bot.asks = true;
    if (record.awaiting !== flow) bot.askFlow = record.awaiting;
  }
  if (record.misunderstood) bot.fallback = true;
  return bot;
}

/** Appends a turn's events to a stored trace, keeping the first and the latest events within {@link TRACE_LIMIT}. */
export function appendTrace(trace: readonly QualityEvent[], events: readonly QualityEvent[]): QualityEvent[] {
  const all = [...trace, ...events];
  if (all.length <= TRACE_LIMIT) return all;
  const head = Math.floor(TRACE_LIMIT / 4);
  return [...all.slice(0, head), ...all.slice(all.length - (TRACE_LIMIT - head))];
}

/** FNV-1a (32 bit) of a text, hex: equal replies give equal fingerprints; the words are not kept. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
