import { recognitionFromScores, type Recognition } from '../../core/recognizer';
import { buildContext } from './context';
import { render } from './render';
import { allUnused } from './message-parts';
import { pushFlow } from './frames';
import { matchTriggers, type TriggerMatch } from './select-trigger';
import { splitClauses } from './split-requests';
import { sayBefore, type Turn } from './turn';

/** One request found in a message: the flow it starts and the clause that asked for it. */
export interface PlannedRequest {
  match: TriggerMatch;
  clause: string;
  recognition: Recognition;
}

/**
 * The requests of a message with several ("我的快递到哪了？顺便开个发票" → logistics, invoice), in the order written;
 * undefined when it holds fewer than two different requests (or exactly one beside a refused one: "不用转人工，给我退货"). Each clause is matched on its own (keywords, regex, and
 * intents when the engine can recognise clauses); greetings and thanks (`small_talk` flows) give way to real requests.
 */
export async function planRequests(turn: Turn, exclude?: string): Promise<PlannedRequest[] | undefined> {
  const clauses = splitClauses(turn.text).slice(0, MAX_CLAUSES);
  if (clauses.length < 2) return undefined;
  const ctx = buildContext(turn);
  const planned: PlannedRequest[] = [];
  let refused = false;
  const recognitions = await Promise.all(clauses.map((c) => clauseRecognition(turn, c.text)));
  for (const [i, clause] of clauses.entries()) {
    const recognition = recognitions[i]!;
    const match = matchTriggers(turn.bundle, { text: clause.text, recognition, ctx }, exclude)[0];
    // "不用转人工，给我退货": an intent read from a refusal is not a request (keyword triggers check negation themselves).
    if (match?.via === 'intent' && REFUSAL.test(clause.text)) {
      refused = true;
      continue;
    }
    if (!match || planned.some((p) => p.match.flow.id === match.flow.id)) continue;
    planned.push({ match, clause: clause.text, recognition });
  }
  const real = planned.filter((p) => !p.match.flow.small_talk);
  const requests = real.length > 0 ? real : planned;
  return requests.length >= 2 || (refused && requests.length === 1) ? requests : undefined;
}

/** A clause that refuses something ("不用转人工", "不要发票了"). */
const REFUSAL = /^(不用|不要|不需要|无需|别|先不|不想)/u;

/** At most this many parts of one message are read as separate requests. */
const MAX_CLAUSES = 6;

/** A part of a message understood on its own; keyword and regex triggers only when the recogniser fails. */
export async function clauseRecognition(turn: Turn, text: string): Promise<Recognition> {
  const { recognize, extractEntities } = turn.services;
  const plain = (): Recognition => recognitionFromScores(text, {}, extractEntities?.(text) ?? []);
  if (!recognize) return plain();
  try {
    return await recognize(text);
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message }, 'recognising part of a message failed; matching its keywords only');
    return plain();
  }
}

/** Makes the rest of this turn read only `clause` (its own text, entities and recognition). */
export function focusOnClause(turn: Turn, clause: string, recognition: Recognition): void {
  const entities = recognition.entities.length ? recognition.entities : (turn.services.extractEntities?.(clause) ?? []);
  turn.text = clause;
  turn.entities = entities;
  turn.unused = allUnused(clause, entities);
  const { originalText: _whole, ...message } = turn.input.message; // the clause is now what the shopper said
  turn.input = { ...turn.input, message: { ...message, text: clause }, recognition };
}

/**
 * Queues all requests but the first and says so ("好的～先帮您看「物流查询」，再看「开发票」～"); the caller starts the
 * first. Queued requests start, in order, as each one before them ends ({@link startQueued}).
 */
export function queueRest(turn: Turn, plan: PlannedRequest[]): void {
  const [first, ...rest] = plan;
  if (rest.length === 0) return focusOnClause(turn, first!.clause, first!.recognition);
  turn.state.queue = [...rest.map((p) => ({ flowId: p.match.flow.id, text: p.clause })), ...(turn.state.queue ?? [])];
  const titles = (ps: PlannedRequest[]): string => ps.map((p) => `「${p.match.flow.title}」`).join('、');
  const text = render(turn, undefined, turn.bundle.settings.texts.queue, { first: titles([first!]), rest: titles(rest) });
  if (text.trim()) turn.replies.push({ type: 'text', text });
  focusOnClause(turn, first!.clause, first!.recognition);
}

/**
 * Starts the next queued request (when the stack has just emptied): pushes its flow, with its clause as the message,
 * announced by `texts.queue_next`. Returns false when nothing is queued (or the flow disappeared in a reload).
 */
export function startQueued(turn: Turn): boolean {
  const queue = turn.state.queue;
  for (let next = queue?.shift(); next; next = queue?.shift()) {
    const flow = turn.bundle.flows.get(next.flowId);
    if (!flow) continue;
    if (queue?.length === 0) delete turn.state.queue;
    focusOnClause(turn, next.text, recognitionFromScores(next.text, {}, turn.services.extractEntities?.(next.text) ?? []));
    sayBefore(turn, render(turn, undefined, turn.bundle.settings.texts.queue_next, { flow: `「${flow.title}」` }));
    pushFlow(turn, flow.id);
    return true;
  }
  delete turn.state.queue;
  return false;
}
