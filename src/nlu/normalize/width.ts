/**
 * Full-width and other compatibility forms → their plain form (NFKC), character by character: ＸＬ → XL,
 * １２３ → 123, the ideographic space → a space, ㎏ → kg, half-width katakana, CJK compatibility ideographs.
 *
 * The Chinese punctuation shoppers type as a matter of course (，！？：；（）～) stays as written: flows' keywords,
 * regexes and the intent model's training text use it. Entity extraction sees NFKC anyway (src/nlu/entities).
 */

/** Full-width ASCII, half-width forms, the ideographic space, squared units (㎏ ㎝), compatibility ideographs. */
const COMPATIBLE = /[\u3000\u3371-\u33DF\uF900-\uFAFF\uFF01-\uFFEE]/g;
/** Full-width punctuation that is ordinary Chinese punctuation, kept as is. */
const KEEP = new Set(['，', '！', '？', '：', '；', '（', '）', '～']);

/**
 * Replace full-width letters, digits and symbols (and the other compatibility forms above) by their NFKC form.
 *
 * @example
 * normalizeWidth('ＸＬ有货吗？订单１２３'); // 'XL有货吗？订单123'
 */
export function normalizeWidth(text: string): string {
  return text.replace(COMPATIBLE, (ch) => (KEEP.has(ch) ? ch : ch.normalize('NFKC')));
}
