/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * The closest candidate to `word` if it is close enough to be a likely typo.
 *
 * @example
 * closest('nxt', ['next', 'say']); // 'next'
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  return best !== undefined && bestDist <= limit ? best : undefined;
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
