/** One part of a message that may hold a request of its own. */
export interface Clause {
  text: string;
  start: number;
}

/**
 * Where a message falls apart into requests: sentence punctuation, and words that join two requests
 * (顺便/另外/然后/再帮我/还想问/以及/并且/同时). 还有 is not one: 还有货吗 is one request.
 */
const SPLIT = /[，,。；;！!？?～~\n]+|\s+(?=\S)|(?=顺便|另外|然后|再帮我|再问|还想问|以及|并且|同时)/gu;

/** Joining words left at the start of a clause. */
const LEADING_JOINER = /^(顺便|另外|然后|再帮我|再问(一下|下)?|还想问(一下|下)?|以及|并且|同时)/u;

/**
 * Splits a message into clauses that may each ask for something ("查下物流，顺便开个发票" → 查下物流 / 开个发票).
 * Clauses shorter than two characters are dropped; a message without a split point is one clause.
 *
 * @example
 * splitClauses('我的快递到哪了？另外发票怎么开').map((c) => c.text); // ['我的快递到哪了', '发票怎么开']
 */
export function splitClauses(text: string): Clause[] {
  const out: Clause[] = [];
  let last = 0;
  const push = (end: number): void => {
    const raw = text.slice(last, end);
    const lead = raw.length - raw.trimStart().length;
    let part = raw.trim();
    const joiner = LEADING_JOINER.exec(part)?.[0] ?? '';
    part = part.slice(joiner.length);
    if ([...part].length >= 2) out.push({ text: part, start: last + lead + joiner.length });
  };
  for (const m of text.matchAll(SPLIT)) {
    if (m.index === 0 && m[0] === '') continue;
    push(m.index);
    last = m.index + m[0].length;
  }
  push(text.length);
  return out;
}
