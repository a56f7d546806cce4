import type { FlowFiles } from './flow-set';

/** One line of a diff: kept (' '), added ('+') or removed ('-'). */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** How one file differs between two flow sets. */
export interface FileDiff {
  file: string;
  change: 'added' | 'removed' | 'changed';
  lines: DiffLine[];
}

/**
 * A line diff (longest common subsequence) of two texts. Files of flows are small (hundreds of lines), so the
 * quadratic table is fine; past 4,000 × 4,000 lines it falls back to "all removed, all added".
 *
 * @example
 * diffLines('a\nb', 'a\nc'); // [{op:' ',text:'a'}, {op:'-',text:'b'}, {op:'+',text:'c'}]
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > 16_000_000)
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! });
  while (j < b.length) out.push({ op: '+', text: b[j++]! });
  return out;
}

/**
 * The files that differ from `base` to `next` (unchanged files left out), each with its line diff.
 *
 * @example
 * diffFlowSets(published.files, draft.files); // [{ file: 'thanks.yaml', change: 'changed', lines: [...] }]
 */
export function diffFlowSets(base: FlowFiles, next: FlowFiles): FileDiff[] {
  const names = [...new Set([...Object.keys(base), ...Object.keys(next)])].sort();
  const diffs: FileDiff[] = [];
  for (const file of names) {
    const [was, now] = [base[file], next[file]];
    if (was === now) continue;
    const change = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
    diffs.push({ file, change, lines: diffLines(was ?? '', now ?? '') });
  }
  return diffs;
}
