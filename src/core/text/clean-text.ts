// C0/C1 control characters except tab and line feed (carriage returns become line feeds first); zero-width
// space and non-joiner, direction marks and overrides, word joiner, byte-order mark. The zero-width joiner is
// handled apart: it holds emoji sequences together (👨‍👩‍👧) and is dropped everywhere else.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const STRAY_JOINER = /\u200D(?!\p{Extended_Pictographic})|(?<![\p{Extended_Pictographic}\uFE0F\u{1F3FB}-\u{1F3FF}])\u200D/gu;

/** Options of {@link cleanText}. */
export interface CleanTextOptions {
  /** Longest text kept, in characters (code points, so an emoji is never cut in half). */
  maxChars: number;
  /**
   * `keep`: line breaks stay (tabs become spaces, at most one blank line in a row), for text people read,
   * e.g. web chat history. `fold`: every run of white space becomes one space, for text that is matched
   * (intents, keywords, slots).
   * @defaultValue 'fold'
   */
  newlines?: 'keep' | 'fold';
}

/** Result of {@link cleanText}. */
export interface CleanText {
  text: string;
  /** true when the text was cut to `maxChars`. */
  truncated: boolean;
}

/**
 * Normalise a shopper's text, the one sanitiser of kefu: strip control and invisible characters,
 * fold or keep line breaks, trim, and cut to `maxChars` characters.
 *
 * @example
 * cleanText('  你好\u0000呀\r\n在吗 ', { maxChars: 2000 }); // { text: '你好呀 在吗', truncated: false }
 * cleanText('第一行\r\n\r\n\r\n第二行', { maxChars: 2000, newlines: 'keep' }).text; // '第一行\n\n第二行'
 */
export function cleanText(raw: string, options: CleanTextOptions): CleanText {
  const visible = raw.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(STRAY_JOINER, '');
  const text = (options.newlines === 'keep' ? visible.replace(/\t/g, ' ').replace(/\n{3,}/g, '\n\n') : visible.replace(/\s+/g, ' ')).trim();
  const chars = Array.from(text);
  if (chars.length <= options.maxChars) return { text, truncated: false };
  return { text: chars.slice(0, options.maxChars).join('').trimEnd(), truncated: true };
}
