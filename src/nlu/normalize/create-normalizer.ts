import { buildPinyinLexicon } from './pinyin-lexicon';
import { pinyinToChinese } from './pinyin';
import { toSimplified } from './traditional';
import { fixTypos } from './typos';
import { normalizeWidth } from './width';

/** What a {@link Normalizer} made of a message. */
export interface NormalizedText {
  /** The text to understand (intents, keywords, slots). */
  text: string;
  /**
   * What was changed, in order: `width`, `traditional`, `typo:<wrong>→<right>` (an entry of the typo table),
   * `pinyin`, `initials`. Empty when the text came through as written. Never contains the shopper's text, so
   * it may be logged.
   */
  changes: string[];
}

/** Turns a shopper's messy Chinese into the plain Simplified Chinese flows and the intent model expect. */
export type Normalizer = (text: string) => NormalizedText;

/** Options of {@link createNormalizer}. */
export interface NormalizerOptions {
  /**
   * Words pinyin is read into, besides the built-in shop words (快递, 退货, 优惠券, …): usually the flows'
   * keywords and intent examples, {@link lexiconFromBundle}. Words that are not all Chinese characters are skipped.
   */
  lexicon: readonly string[];
}

/**
 * Build a normaliser: full-width → plain (ＸＬ → XL), Traditional → Simplified (買兩件 → 买两件), common
 * misspellings (优慧卷 → 优惠券, 发漂 → 发票), then pinyin → Chinese (kuaidi daonale → 快递到哪了, yhq → 优惠券).
 * Plain Simplified Chinese comes back unchanged in a few microseconds. Building reads the lexicon's pinyin once
 * (about 20 ms for the shipped flows).
 *
 * @example
 * const normalize = createNormalizer({ lexicon: ['到哪里了'] });
 * normalize('kuaidi daonale'); // { text: '快递到哪了', changes: ['pinyin'] }
 * normalize('優慧卷怎麽用'); // { text: '优惠券怎么用', changes: ['traditional', 'typo:优慧卷→优惠券'] }
 */
export function createNormalizer(options: NormalizerOptions): Normalizer {
  const lexicon = buildPinyinLexicon(options.lexicon);
  return (input) => {
    const changes: string[] = [];
    let text = normalizeWidth(input);
    if (text !== input) changes.push('width');
    const simplified = toSimplified(text);
    if (simplified !== text) changes.push('traditional');
    const typos = fixTypos(simplified);
    changes.push(...typos.fixed.map((fix) => `typo:${fix}`));
    const read = pinyinToChinese(typos.text, lexicon);
    if (read.change) changes.push(read.change);
    text = read.text;
    return { text, changes };
  };
}
