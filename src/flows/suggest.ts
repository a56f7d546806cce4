/**
 * Edit distance with adjacent transpositions (optimal string alignment, a restricted Damerau-Levenshtein):
 * `sya` → `say` is one edit, not two.
 *
 * @example
 * editDistance('optoins', 'options'); // 1
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** Most edits a typo may have: 1 for short words, 2 from six characters on. */
function editLimit(word: string): number {
  return Math.min(2, Math.max(1, Math.floor(word.length / 3)));
}

/**
 * The closest candidate to `word` if it is close enough to be a likely typo (at most 2 edits, a transposition
 * counting as one).
 *
 * @example
 * closest('nxt', ['next', 'say']); // 'next'
 * closest('sya', ['say', 'ask']); // 'say'
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best !== undefined && bestDist <= editLimit(word) ? best : undefined;
}

/**
 * A fix hint: "Did you mean 'x'?" when a close candidate exists, else `fallback`.
 *
 * @example
 * didYouMean('welcom', ['welcome'], 'add the step.'); // "Did you mean 'welcome'?"
 */
export function didYouMean(word: string, candidates: Iterable<string>, fallback: string): string {
  const c = closest(word, candidates);
  return c !== undefined ? `Did you mean '${c}'?` : fallback;
}
