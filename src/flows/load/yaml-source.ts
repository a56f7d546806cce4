import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FlowError } from '../../core/errors';
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
  const errors = doc.errors.map((e) => {
    const p = at(e.pos[0]);
    const msg = e.message.split('\n')[0];
    return new FlowError(`YAML syntax error: ${msg}`, file, p.line, p.col, 'fix the YAML syntax (indentation, quotes, colons, duplicate keys).');
  });
  let value: unknown;
  try {
    value = errors.length ? undefined : doc.toJS();
  } catch (err) {
    errors.push(new FlowError(`YAML error: ${(err as Error).message}`, file, 1, 1, 'fix the YAML syntax.'));
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
