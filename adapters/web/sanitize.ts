/** C0/C1 control characters except tab and newline, plus bidi overrides and zero-width joiners' abuse cases. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Result of {@link cleanText}. */
export interface CleanText {
  text: string;
  /** true when the text was cut to `maxChars`. */
  truncated: boolean;
}

/**
 * Normalise a shopper's text: strip control characters, turn tabs into spaces, collapse runs of
 * blank lines, trim, and cut to `maxChars` characters (code points, so emoji are never split).
 *
 * @example
 * cleanText('  你好\u0000呀 ', 2000); // { text: '你好呀', truncated: false }
 */
export function cleanText(raw: string, maxChars: number): CleanText {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/\t/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = Array.from(text);
  if (chars.length <= maxChars) return { text, truncated: false };
  return { text: chars.slice(0, maxChars).join('').trimEnd(), truncated: true };
}
