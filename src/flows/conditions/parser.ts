import { CONDITION_FUNCTIONS, type CompareOp, type CondNode } from './ast';
import { ConditionSyntaxError, tokenize, type Token } from './tokenizer';

const CMP_OPS = ['==', '!=', '<', '<=', '>', '>='];

/**
 * Parses a condition into a tree (recursive descent; precedence: or < and < not < comparison).
 * Comparisons: `==` `!=` `<` `<=` `>` `>=`, `in` / `not in`, `contains` / `not contains`.
 * Throws {@link ConditionSyntaxError} with a column.
 *
 * @example
 * parseCondition('user.isNew and len(user.tags) == 0');
 */
export function parseCondition(src: string): CondNode {
  const p = new Parser(tokenize(src));
  if (p.peek().type === 'eof') throw new ConditionSyntaxError('Empty condition', 0, { kind: 'empty' });
  const node = p.or();
  const t = p.peek();
  if (t.type !== 'eof') throw new ConditionSyntaxError(`Unexpected '${t.value}'`, t.pos, { kind: 'unexpected', token: t.value });
  return node;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isWord(t: Token, ...words: string[]): boolean {
    return (t.type === 'ident' || t.type === 'op') && words.includes(t.value);
  }
  private expect(value: string): Token {
    const t = this.next();
    if (t.value !== value || t.type === 'str') {
      throw t.type === 'eof'
        ? new ConditionSyntaxError(`Expected '${value}' but the condition ended`, t.pos, { kind: 'expected', want: value })
        : new ConditionSyntaxError(`Expected '${value}' but found '${t.value}'`, t.pos, { kind: 'expected', want: value, found: t.value });
    }
    return t;
  }

  or(): CondNode {
    let left = this.and();
    while (this.isWord(this.peek(), 'or', '||')) {
      const pos = this.next().pos;
      left = { type: 'or', left, right: this.and(), pos };
    }
    return left;
  }
  private and(): CondNode {
    let left = this.not();
    while (this.isWord(this.peek(), 'and', '&&')) {
      const pos = this.next().pos;
      left = { type: 'and', left, right: this.not(), pos };
    }
    return left;
  }
  private not(): CondNode {
    if (this.isWord(this.peek(), 'not', '!')) {
      const pos = this.next().pos;
      return { type: 'not', arg: this.not(), pos };
    }
    return this.comparison();
  }
  private comparison(): CondNode {
    const left = this.primary();
    const t = this.peek();
    if ((t.type === 'op' && CMP_OPS.includes(t.value)) || this.isMembership(t)) {
      this.next();
      return { type: 'cmp', op: t.value as CompareOp, left, right: this.primary(), pos: t.pos };
    }
    const after = this.tokens[this.i + 1];
    if (t.type === 'ident' && t.value === 'not' && after && this.isMembership(after)) {
      this.i += 2;
      const cmp: CondNode = { type: 'cmp', op: after.value as CompareOp, left, right: this.primary(), pos: t.pos };
      return { type: 'not', arg: cmp, pos: t.pos };
    }
    return left;
  }
  /** `in` / `contains` as an operator (after a value; `contains(` stays the function). */
  private isMembership(t: Token): boolean {
    return t.type === 'ident' && (t.value === 'in' || t.value === 'contains');
  }
  private primary(): CondNode {
    const t = this.next();
    if (t.type === 'num') return { type: 'lit', value: Number(t.value), pos: t.pos };
    if (t.type === 'str') return { type: 'lit', value: t.value, pos: t.pos };
    if (t.value === '(' && t.type === 'op') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (t.value === '[' && t.type === 'op') return this.list(t.pos);
    if (t.type === 'ident') return this.identifier(t);
    throw t.type === 'eof'
      ? new ConditionSyntaxError('The condition ended too early', t.pos, { kind: 'ended-early' })
      : new ConditionSyntaxError(`Unexpected '${t.value}'`, t.pos, { kind: 'unexpected', token: t.value });
  }
  private list(pos: number): CondNode {
    const items: CondNode[] = [];
    if (this.peek().value !== ']') {
      do items.push(this.primary());
      while (this.peek().value === ',' && this.next());
    }
    this.expect(']');
    return { type: 'list', items, pos };
  }
  private identifier(t: Token): CondNode {
    if (t.value === 'true' || t.value === 'false') return { type: 'lit', value: t.value === 'true', pos: t.pos };
    if (t.value === 'null') return { type: 'lit', value: null, pos: t.pos };
    if (['and', 'or', 'not', 'in'].includes(t.value)) throw new ConditionSyntaxError(`Unexpected '${t.value}'`, t.pos, { kind: 'unexpected', token: t.value });
    if (this.peek().value === '(' && this.peek().type === 'op') return this.call(t);
    const path = [t.value];
    while (this.peek().value === '.' && this.peek().type === 'op') {
      this.next();
      const seg = this.next();
      if (seg.type !== 'ident' && seg.type !== 'num') throw new ConditionSyntaxError(`Expected a name after '.'`, seg.pos, { kind: 'name-after-dot' });
      path.push(seg.value);
    }
    return { type: 'path', path, pos: t.pos };
  }
  private call(t: Token): CondNode {
    if (!(CONDITION_FUNCTIONS as readonly string[]).includes(t.value)) {
      const problem = { kind: 'unknown-function', name: t.value, available: CONDITION_FUNCTIONS } as const;
      throw new ConditionSyntaxError(`Unknown function '${t.value}' (available: ${CONDITION_FUNCTIONS.join(', ')})`, t.pos, problem);
    }
    this.expect('(');
    const args: CondNode[] = [];
    if (this.peek().value !== ')') {
      do args.push(this.or());
      while (this.peek().value === ',' && this.next());
    }
    this.expect(')');
    const want = t.value === 'len' ? 1 : 2;
    if (args.length !== want) {
      const problem = { kind: 'arity', name: t.value, want, got: args.length } as const;
      throw new ConditionSyntaxError(`${t.value}() takes ${want} argument${want > 1 ? 's' : ''}, got ${args.length}`, t.pos, problem);
    }
    return { type: 'call', name: t.value, args, pos: t.pos };
  }
}
