/** A token of the condition language. `pos` is the 0-based offset in the source. */
export interface Token {
  type: 'num' | 'str' | 'ident' | 'op' | 'eof';
  value: string;
  pos: number;
}

/** What exactly is wrong with a condition, for messages in other languages than the English `message`. */
export type ConditionProblem =
  | { kind: 'empty' }
  | { kind: 'unexpected-char'; char: string }
  | { kind: 'unterminated-string' }
  | { kind: 'unexpected'; token: string }
  | { kind: 'expected'; want: string; found?: string }
  | { kind: 'ended-early' }
  | { kind: 'name-after-dot' }
  | { kind: 'unknown-function'; name: string; available: readonly string[] }
  | { kind: 'arity'; name: string; want: number; got: number };

/** A syntax error in a condition, with the 1-based column inside the expression. */
export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the expression */
    readonly offset: number,
    /** The same problem as data (see {@link ConditionProblem}). */
    readonly problem: ConditionProblem,
  ) {
    super(`${message} (at column ${offset + 1})`);
    this.name = 'ConditionSyntaxError';
  }
  /** 1-based column inside the expression. */
  get col(): number {
    return this.offset + 1;
  }
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', ',', '.'];

/**
 * Splits a condition into tokens. Never evaluates anything.
 *
 * @example
 * tokenize('slots.size == "XL"').map((t) => t.value); // ['slots', '.', 'size', '==', 'XL', '']
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? '') && !prevIsValue(tokens))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      tokens.push({ type: 'num', value: m[0], pos: i });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const { value, end } = readString(src, i);
      tokens.push({ type: 'str', value, pos: i });
      i = end;
    } else if (/[\p{L}_$]/u.test(c)) {
      // Letters of any script, so data keys such as `features.category_views_30d.服饰` read as names.
      const m = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(src.slice(i))!;
      tokens.push({ type: 'ident', value: m[0], pos: i });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new ConditionSyntaxError(`Unexpected character '${c}'`, i, { kind: 'unexpected-char', char: c });
      tokens.push({ type: 'op', value: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ type: 'eof', value: '', pos: src.length });
  return tokens;
}

function prevIsValue(tokens: Token[]): boolean {
  const t = tokens[tokens.length - 1];
  return !!t && (t.type === 'num' || t.type === 'str' || t.type === 'ident' || t.value === ')' || t.value === ']');
}

function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length) {
      const n = src[++i];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (c === quote) {
      return { value: out, end: i + 1 };
    } else {
      out += c;
    }
  }
  throw new ConditionSyntaxError('Unterminated string', start, { kind: 'unterminated-string' });
}
