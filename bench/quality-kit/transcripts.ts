import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OUTCOMES, type Outcome, type QualityEvent } from '../../src/quality/outcome';

/** One hand-labelled transcript of bench/quality/*.yaml (format: the files' header comments). */
export interface LabelledTranscript {
  id: string;
  channel: string;
  label: Outcome;
  events: QualityEvent[];
}

type RawTurn = Record<string, unknown>;

/**
 * Reads a transcript file and turns each transcript into the labeller's events (the `ended` line is when the
 * session ended; the labeller runs then, so it is not an event).
 *
 * @example
 * const dev = readTranscripts('bench/quality/dev-transcripts.yaml'); // 80 transcripts
 */
export function readTranscripts(file: string): LabelledTranscript[] {
  const raw = parse(readFileSync(file, 'utf8')) as { id: string; channel: string; label: string; turns: RawTurn[] }[];
  return raw.map((t) => {
    if (!OUTCOMES.includes(t.label as Outcome)) {
      throw new Error(`${file}: transcript ${t.id} has label '${t.label}'. Fix: use one of ${OUTCOMES.join(', ')}.`);
    }
    return { id: t.id, channel: t.channel, label: t.label as Outcome, events: t.turns.map((turn) => eventOf(turn, `${file} ${t.id}`)) };
  });
}

function eventOf(turn: RawTurn, where: string): QualityEvent {
  if (turn.shopper !== undefined) return { kind: 'shopper', text: String(turn.shopper) };
  if (turn.bot !== undefined) {
    const bot: QualityEvent = { kind: 'bot', reply: String(turn.bot) };
    if (typeof turn.intent === 'string') bot.intent = turn.intent;
    if (typeof turn.score === 'number') bot.score = turn.score;
    if (typeof turn.flow === 'string') bot.flow = turn.flow;
    if (turn.flow_done === true) bot.flowDone = true;
    if (turn.asks === true) bot.asks = true;
    if (turn.fallback === true) bot.fallback = true;
    return bot;
  }
  if (turn.handoff !== undefined) return { kind: 'handoff', reason: String(turn.handoff) };
  if (turn.operator !== undefined) return { kind: 'operator' };
  if (turn.ticket !== undefined) return { kind: 'ticket', id: String(turn.ticket) };
  if (turn.rating !== undefined) return { kind: 'rating', score: Number(turn.rating) };
  if (turn.order !== undefined) return { kind: 'order' };
  throw new Error(`${where}: a turn with none of shopper/bot/handoff/operator/ticket/rating/order. Fix: see the file's header.`);
}
