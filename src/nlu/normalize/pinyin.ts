/**
 * Pinyin → Chinese for messages written wholly or mostly in pinyin ("kuaidi daonale", "wo yao tuihuo",
 * "kuaidi到哪了", tones as marks or digits), and initials for a whole message ("yhq"). Only what segments
 * completely into lexicon words is converted: English (ok, hello, iPhone), size codes (XL) and order ids stay.
 */
import type { PinyinLexicon, PinyinTrieNode } from './pinyin-lexicon';
import { NOT_INITIALS } from './shop-words';

/** Runs of letters and digits (with tone marks and apostrophes: xi'an, kuài). */
const TOKEN = /[A-Za-z0-9\u00C0-\u024F\u0300-\u036F'’]+/g;
/** A pinyin token: letters, each syllable group optionally followed by a tone digit (kuai4di4). */
const PINYIN_TOKEN = /^[A-Za-z\u00C0-\u024F\u0300-\u036F'’]+(?:[1-5][A-Za-z\u00C0-\u024F\u0300-\u036F'’]+)*[1-5]?$/;
const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z\u00C0-\u024F]/;
/** Longest run of letters (spaces removed) tried as pinyin. */
const MAX_LETTERS = 80;
/** A glue character costs more than a word, so words are preferred ("daonale" is 到哪了, not 到 哪 了). */
const GLUE_COST = 1.5;

/** Result of {@link pinyinToChinese}: the text, and which reading happened. */
export interface PinyinResult {
  text: string;
  change?: 'pinyin' | 'initials';
}

/** Toneless lower-case letters of a pinyin span: marks, tone digits, apostrophes and spaces removed. */
function lettersOf(span: string): string {
  return span
    .normalize('NFD')
    .replace(/[\u0300-\u036F'’\s1-5]/g, '')
    .toLowerCase();
}

/**
 * Segment `letters` into lexicon words with the fewest pieces (glue counting more); undefined when some part
 * matches no word or no piece is a real word (only glue).
 */
export function segmentPinyin(letters: string, root: PinyinTrieNode): string | undefined {
  const n = letters.length;
  if (n === 0 || n > MAX_LETTERS || !/^[a-z]+$/.test(letters)) return undefined;
  const cost = new Array<number>(n + 1).fill(Infinity);
  const choice = new Array<{ word: string; end: number; core: boolean } | undefined>(n + 1);
  cost[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    let node: PinyinTrieNode | undefined = root;
    for (let j = i; j < n && node; j++) {
      node = node.next.get(letters[j]!);
      if (node?.word === undefined || cost[j + 1] === Infinity) continue;
      const c = (node.core ? 1 : GLUE_COST) + cost[j + 1]!;
      if (c < cost[i]!) {
        cost[i] = c;
        choice[i] = { word: node.word, end: j + 1, core: node.core ?? true };
      }
    }
  }
  if (cost[0] === Infinity) return undefined;
  let out = '';
  let core = false;
  for (let i = 0; i < n;) {
    const c = choice[i]!;
    out += c.word;
    core ||= c.core;
    i = c.end;
  }
  return core ? out : undefined;
}

interface Span {
  start: number;
  end: number;
}

/** Pinyin spans: runs of pinyin tokens separated by white space; a code (SF123, 3q, XL) ends a span. */
function pinyinSpans(text: string): { spans: Span[]; letters: number } {
  const spans: Span[] = [];
  let letters = 0;
  let open: Span | undefined;
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    const start = m.index;
    const isPinyin = PINYIN_TOKEN.test(token) && !/^[A-Z]{1,4}$/.test(token);
    if (!isPinyin) {
      open = undefined;
      continue;
    }
    letters += token.replace(/[^A-Za-z\u00C0-\u024F]/g, '').length;
    if (open && /^\s+$/.test(text.slice(open.end, start))) open.end = start + token.length;
    else spans.push((open = { start, end: start + token.length }));
  }
  return { spans, letters };
}

/**
 * Read pinyin as Chinese. A message is read when its letters are at least twice its Chinese characters
 * ("kuaidi到哪了" yes, "XL有货吗" no); each pinyin span is replaced only when it segments completely into
 * lexicon words (spaces ignored), else it stays as written. A whole message of 2–4 lower-case letters is
 * also tried as initials of one word (yhq → 优惠券; not size codes, units or chat shorthand like hh, ok).
 *
 * @example
 * pinyinToChinese('kuaidi daonale', lexicon); // { text: '快递到哪了', change: 'pinyin' }
 * pinyinToChinese('XL有货吗', lexicon); // { text: 'XL有货吗' }
 */
export function pinyinToChinese(text: string, lexicon: PinyinLexicon): PinyinResult {
  if (!LATIN.test(text)) return { text };
  const trimmed = text.trim();
  if (/^[a-z]{2,4}$/.test(trimmed) && !NOT_INITIALS.has(trimmed)) {
    const word = lexicon.initials.get(trimmed);
    if (word) return { text: word, change: 'initials' };
  }
  const { spans, letters } = pinyinSpans(text);
  const han = text.match(HAN)?.length ?? 0;
  if (spans.length === 0 || letters < 2 * han) return { text };
  let out = '';
  let from = 0;
  let changed = false;
  for (const span of spans) {
    const chinese = segmentPinyin(lettersOf(text.slice(span.start, span.end)), lexicon.root);
    if (chinese === undefined) continue;
    out += text.slice(from, span.start) + chinese;
    from = span.end;
    changed = true;
  }
  return changed ? { text: out + text.slice(from), change: 'pinyin' } : { text };
}
