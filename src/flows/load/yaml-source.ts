import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import type { SourcePos } from '../types';

/** A path into a parsed YAML value: map keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>;

/**
 * A parsed YAML file that remembers where every node came from, so errors can point at
 * `file:line:col`.
 *
 * @example
 * const src = parseYamlSource('flows/a.yaml', 'flow: a\n');
 * src.posOf(['flow']); // { file: 'flows/a.yaml', line: 1, col: 7 }
 */
export interface YamlSource {
  file: string;
  text: string;
  /** The plain JS value (undefined for an empty file). */
  value: unknown;
  /** YAML syntax errors (duplicate keys, bad indentation, …) as FlowErrors. */
  errors: FlowError[];
  /** Position of the value at `path`, falling back to the nearest existing parent. */
  posOf(path: YamlPath): SourcePos;
  /** Position of the key at the end of `path` (for unknown keys), or of its value. */
  keyPosOf(path: YamlPath): SourcePos;
  /** Position `offset` characters after the start of the scalar at `path` (inside quotes if quoted). */
  posInScalar(path: YamlPath, offset: number): SourcePos;
}

/** Parses YAML text with positions. Never throws; syntax problems land in `errors`. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): SourcePos => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const errors: FlowError[] = syntaxErrors(file, text, doc.errors, at);
  let value: unknown;
  try {
    value = errors.length ? undefined : doc.toJS();
  } catch (err) {
    errors.push(new FlowProblem('yaml-value', { detail: (err as Error).message }, { file, line: 1, col: 1 }));
  }
  const nodeAt = (path: YamlPath, wantKey: boolean): Node | undefined => walk(doc, path, wantKey);
  const posOfNode = (node: Node | undefined): SourcePos => (node?.range ? at(node.range[0]) : { file, line: 1, col: 1 });
  return {
    file,
    text,
    value,
    errors,
    posOf: (path) => posOfNode(nodeAt(path, false)),
    keyPosOf: (path) => posOfNode(nodeAt(path, true)),
    posInScalar(path, offset) {
      const node = nodeAt(path, false);
      if (!node?.range) return posOfNode(node);
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      return at(node.range[0] + offset + (quoted ? 1 : 0));
    },
  };
}

/** Lines (1-based) whose indentation has a tab in it. */
function tabIndentedLines(text: string): number[] {
  return text.split(/\r?\n/).flatMap((line, i) => (/^[ \t]*\t[ \t]*\S/.test(line) ? [i + 1] : []));
}

/**
 * The parser's errors, one per cause: the first error of each line only (the others follow from it), and when the
 * indentation has tabs, one error naming those lines instead of everything the parser stumbled on after them.
 */
function syntaxErrors(file: string, text: string, found: readonly YAMLError[], at: (offset: number) => SourcePos): FlowError[] {
  if (found.length === 0) return [];
  const located = found.map((e) => ({ e, p: at(e.pos[0]) }));
  const tabLines = tabIndentedLines(text);
  const tabTrouble = located.some(({ e, p }) => e.code === 'TAB_AS_INDENT' || tabLines.includes(p.line));
  const tabs = tabTrouble ? tabLines : [];
  const kept = tabs.length > 0 ? located.filter(({ p }) => p.line < tabs[0]) : located;
  const lines = new Set<number>();
  const errors: FlowError[] = kept.flatMap(({ e, p }) => {
    if (lines.has(p.line)) return [];
    lines.add(p.line);
    return [new FlowProblem('yaml-syntax', { code: e.code, detail: e.message.split('\n')[0] }, p)];
  });
  if (tabs.length > 0) errors.push(new FlowProblem('yaml-tab', { line: tabs[0], otherLines: tabs.slice(1, 6) }, { file, line: tabs[0], col: 1 }));
  return errors;
}

function walk(doc: Document, path: YamlPath, wantKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return last;
      if (isLast && wantKey) return pair.key as Node;
      node = pair.value;
      last = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) return last;
      node = item;
      last = item as Node;
    } else {
      return last;
    }
  }
  return last;
}
