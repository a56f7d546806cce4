/**
 * An NFKC-normalised view of a text that maps every position back to the original, so detectors can
 * look at plain ASCII digits and letters (１３８ → 138, ＠ → @, （ → () while masks are written into the
 * text as the shopper wrote it.
 */

/** A text's NFKC form plus the way back to the original's UTF-16 offsets. */
export interface NormalizedView {
  /** The text, NFKC-normalised code point by code point. */
  readonly text: string;
  /** Original start offset of the character behind normalised offset `i` (`i` may equal `text.length`). */
  originalStart(i: number): number;
  /** Original end offset of the character behind normalised offset `i − 1` (the end of a span ending at `i`). */
  originalEnd(i: number): number;
}

/** ASCII and the CJK unified ideographs are their own NFKC form (skips a `normalize` call per character). */
function stable(code: number): boolean {
  return code < 0x80 || (code >= 0x4e00 && code <= 0x9fff);
}

/**
 * Normalise `text` (NFKC, one code point at a time so offsets stay mappable). Text that NFKC leaves
 * unchanged (most messages) costs one `normalize` call and no map.
 *
 * @example
 * const view = normalizedView('电话１３８');
 * view.text; // '电话138'
 * view.originalStart(2); // 2 — '1' comes from '１' at offset 2
 */
export function normalizedView(text: string): NormalizedView {
  if (text.normalize('NFKC') === text) {
    return { text, originalStart: (i) => i, originalEnd: (i) => i };
  }
  const starts: number[] = [];
  const ends: number[] = [];
  let normalized = '';
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const piece = stable(code) ? text[i]! : text.slice(i, i + width).normalize('NFKC');
    for (let k = 0; k < piece.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    normalized += piece;
    i += width;
  }
  return {
    text: normalized,
    originalStart: (i) => (i < starts.length ? starts[i]! : text.length),
    originalEnd: (i) => (i > 0 ? ends[i - 1]! : 0),
  };
}
