/**
 * Fix the common misspellings of {@link TYPO_TABLE} (优慧卷 → 优惠券, 发漂 → 发票, 快第 → 快递) in one pass.
 */
import { TYPO_TABLE } from './typo-table';

const HAN_ONLY = /^\p{Script=Han}+$/u;

for (const [wrong, right] of TYPO_TABLE) {
  if (!HAN_ONLY.test(wrong) || !HAN_ONLY.test(right)) {
    throw new Error(
      `Typo entry '${wrong}' → '${right}' is not Chinese characters only. Fix: keep src/nlu/normalize/typo-table.ts to Chinese words, so no fix can touch an order number, phone or product code.`,
    );
  }
}

const FIXES = new Map(TYPO_TABLE);
/** Longest first, so 有木有 wins over 木有. */
const PATTERN = new RegExp([...FIXES.keys()].sort((a, b) => b.length - a.length).join('|'), 'gu');

/**
 * Replace every misspelling of the table, longest match first; `fixed` lists the entries used (`发漂→发票`).
 *
 * @example
 * fixTypos('有优慧卷吗'); // { text: '有优惠券吗', fixed: ['优慧卷→优惠券'] }
 */
export function fixTypos(text: string): { text: string; fixed: string[] } {
  const fixed: string[] = [];
  const out = text.replace(PATTERN, (wrong) => {
    const right = FIXES.get(wrong)!;
    fixed.push(`${wrong}→${right}`);
    return right;
  });
  return { text: out, fixed };
}
