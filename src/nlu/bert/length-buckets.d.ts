/** Row indices sorted by length (stable) in groups of at most `size`; 0 keeps one group in the original order. */
export function lengthBuckets(lengths: ArrayLike<number>, size: number): number[][];
/** Rows `rows` of `lists` as a row-major [rows, width] BigInt64Array padded with `fill` (on the left when `left`). */
export function padRows(lists: ArrayLike<number | bigint>[], rows: number[], width: number, fill: number, left: boolean): BigInt64Array;
