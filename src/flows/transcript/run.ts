import { outboundToText, type OutboundMessage } from '../../core/message';
import { looseEquals } from '../conditions/evaluate';
import type { SourcePos } from '../types';
import type { DriverTurn, ReplyExpectation, TranscriptDriver, TranscriptTest, TranscriptTurn } from './types';

/** The outcome of one transcript: failures as `file:line:col: …` lines (empty when it passed). */
export interface TranscriptResult {
  name: string;
  file: string;
  failures: string[];
}

const at = (pos: SourcePos): string => `${pos.file}:${pos.line}:${pos.col}`;
const said = (replies: OutboundMessage[]): string => (replies.length ? replies.map((r) => JSON.stringify(outboundToText(r))).join(' / ') : '(nothing)');

function describeExpectation(e: ReplyExpectation): string {
  if ('contains' in e) return `a reply containing "${e.contains}"`;
  if ('exact' in e) return `the reply "${e.exact}"`;
  if ('card' in e) return `a ${e.card} card`;
  if ('not' in e) return `no reply containing "${e.not}"`;
  return `quick replies [${e.quick_replies.join(', ')}]`;
}

function matches(e: ReplyExpectation, r: OutboundMessage): boolean {
  if ('contains' in e) return outboundToText(r).includes(e.contains);
  if ('exact' in e) return (r.type === 'quick_replies' ? r.text : outboundToText(r)) === e.exact;
  if ('card' in e) return r.type === `${e.card}_card`;
  if ('not' in e) return outboundToText(r).includes(e.not);
  return r.type === 'quick_replies' && e.quick_replies.every((t) => r.replies.some((q) => q.title === t));
}

/**
 * Checks one turn's result against its expectations; returns failure lines. `bot: []` (an explicitly
 * empty list) means the bot must say nothing at all this turn; a `not:` item, that no reply of the turn contains its text.
 */
export function checkTurn(turn: TranscriptTurn, got: DriverTurn): string[] {
  const failures: string[] = [];
  if (turn.bot?.length === 0 && got.replies.length > 0) {
    failures.push(`${at(turn.keyPos.bot)}: expected the bot to say nothing but it said: ${said(got.replies)}`);
  }
  let from = 0;
  for (const { expect, pos } of turn.bot ?? []) {
    if ('not' in expect) {
      const hit = got.replies.find((r) => matches(expect, r));
      if (hit) failures.push(`${at(pos)}: expected ${describeExpectation(expect)} but the bot said: ${JSON.stringify(outboundToText(hit))}`);
      continue;
    }
    const i = got.replies.findIndex((r, k) => k >= from && matches(expect, r));
    if (i < 0) failures.push(`${at(pos)}: expected ${describeExpectation(expect)} but the bot said: ${said(got.replies.slice(from))}`);
    else from = i; // several expectations may match the same reply, but never an earlier one
  }
  if (turn.flow !== undefined && (got.activeFlow ?? null) !== turn.flow) {
    failures.push(`${at(turn.keyPos.flow)}: expected active flow ${turn.flow ?? 'null (idle)'} but it is ${got.activeFlow ?? 'null (idle)'}`);
  }
  if (turn.step !== undefined && got.activeStep !== turn.step) {
    failures.push(`${at(turn.keyPos.step)}: expected active step ${turn.step} but it is ${got.activeStep ?? '(none)'}`);
  }
  const slots = got.state.stack[got.state.stack.length - 1]?.slots ?? {};
  for (const [k, v] of Object.entries(turn.slots ?? {})) {
    if (!looseEquals(slots[k], v)) failures.push(`${at(turn.keyPos.slots)}: expected slot ${k} = ${JSON.stringify(v)} but it is ${JSON.stringify(slots[k] ?? null)}`);
  }
  if (turn.handoff !== undefined && (got.state.mode === 'handoff') !== turn.handoff) {
    failures.push(`${at(turn.keyPos.handoff)}: expected handoff ${turn.handoff} but the conversation mode is ${got.state.mode}`);
  }
  const shown = got.replies.flatMap((r) => ('status' in r && r.status ? [r.status.state] : [])).at(-1);
  if (turn.status !== undefined && shown !== turn.status) {
    failures.push(`${at(turn.keyPos.status)}: expected status ${turn.status} but the turn shows ${shown ?? 'none'}`);
  }
  return failures;
}

/**
 * Plays a transcript against a driver and collects every failure (stops at the first failing turn,
 * since later turns depend on it).
 *
 * @example
 * const result = await runTranscript(test, driver);
 * if (result.failures.length) throw new Error(result.failures.join('\n'));
 */
export async function runTranscript(test: TranscriptTest, driver: TranscriptDriver): Promise<TranscriptResult> {
  await driver.reset(test.user, { ...(test.channel !== undefined ? { channel: test.channel } : {}), ...(test.now !== undefined ? { now: test.now } : {}) });
  let last: OutboundMessage[] = [];
  let clock = test.now;
  for (const turn of test.turns) {
    clock = turn.now ?? clock;
    let input = turn.input;
    if (input.kind === 'click') {
      const title = input.title;
      const offered = last.flatMap((r) => (r.type === 'quick_replies' ? r.replies : []));
      const button = offered.find((q) => q.title === title);
      if (!button) {
        const list = offered.map((q) => q.title).join(', ') || '(no buttons)';
        return { name: test.name, file: test.file, failures: [`${at(turn.pos)}: cannot click "${title}": the bot offered ${list}`] };
      }
      input = { kind: 'click', title, payload: button.payload };
    }
    const got = await driver.turn(input, turn.intents, clock);
    const failures = checkTurn(turn, got);
    if (failures.length) return { name: test.name, file: test.file, failures };
    last = got.replies;
  }
  return { name: test.name, file: test.file, failures: [] };
}
