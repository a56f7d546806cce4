/**
 * Checks one turn's reply against its {@link Expectation}.
 */
import type { Expectation } from './journey';

/** The bot's side of one turn. */
export interface TurnReply {
  /** Every bot message of the turn as plain text, joined by newlines. */
  text: string;
  /** Whether one of the messages was a handoff to a human. */
  handoff: boolean;
}

/** Outcome of {@link checkReply}: pass, or the first reason it failed (English, for the report). */
export type Verdict = { pass: true } | { pass: false; why: string };

/**
 * Text as compared: NFKC (full-width ＸＬ → XL, 兩 stays 兩), lower case, without white space.
 *
 * @example
 * normalise('ＸＬ 码'); // 'xl码'
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const fail = (why: string): Verdict => ({ pass: false, why });

/**
 * Does the reply satisfy the expectation? An empty reply fails unless `silent` is expected.
 *
 * @example
 * checkReply({ any: ['XL', '有货'] }, { text: '加绒连帽卫衣 XL 黑色还有 39 件', handoff: false }); // { pass: true }
 */
export function checkReply(expect: Expectation, reply: TurnReply): Verdict {
  const text = normalise(reply.text);
  if (expect.silent === true) return text === '' ? { pass: true } : fail('expected no reply, the bot answered');
  if (text === '') return fail('no reply');
  if (expect.handoff !== undefined && expect.handoff !== reply.handoff)
    return fail(expect.handoff ? 'expected a handoff to a human, there was none' : 'expected no handoff, the bot handed over');
  const has = (word: string): boolean => text.includes(normalise(word));
  if (expect.any && !expect.any.some(has)) return fail(`contains none of: ${expect.any.join(' | ')}`);
  for (const entry of expect.all ?? []) {
    const alternatives = [entry].flat();
    if (!alternatives.some(has)) return fail(`misses: ${alternatives.join(' | ')}`);
  }
  const forbidden = (expect.none ?? []).filter(has);
  if (forbidden.length > 0) return fail(`contains forbidden: ${forbidden.join(' | ')}`);
  return { pass: true };
}
