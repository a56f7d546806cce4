/** The condition language's syntax tree. `pos` is the 0-based offset in the source. */
export type CondNode =
  | { type: 'lit'; value: string | number | boolean | null; pos: number }
  | { type: 'path'; path: string[]; pos: number }
  | { type: 'list'; items: CondNode[]; pos: number }
  | { type: 'not'; arg: CondNode; pos: number }
  | { type: 'and' | 'or'; left: CondNode; right: CondNode; pos: number }
  | { type: 'cmp'; op: CompareOp; left: CondNode; right: CondNode; pos: number }
  | { type: 'call'; name: string; args: CondNode[]; pos: number };

/** Binary comparisons; `a in b` and `a contains b` are membership tests (`b` holds `a`, `a` holds `b`). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'contains';

/** Functions callable in conditions. */
export const CONDITION_FUNCTIONS = ['contains', 'len'] as const;

/** Every dotted path used in a condition (e.g. for undefined-variable checks). */
export function pathsIn(node: CondNode): { path: string[]; pos: number }[] {
  switch (node.type) {
    case 'path':
      return [{ path: node.path, pos: node.pos }];
    case 'lit':
      return [];
    case 'list':
      return node.items.flatMap(pathsIn);
    case 'not':
      return pathsIn(node.arg);
    case 'call':
      return node.args.flatMap(pathsIn);
    default:
      return [...pathsIn(node.left), ...pathsIn(node.right)];
  }
}
