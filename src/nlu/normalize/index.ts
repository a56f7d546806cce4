/**
 * Normalising shoppers' messy Chinese before it is understood: full-width forms, Traditional characters,
 * common misspellings, pinyin and initials. See docs/understanding.md.
 */
export { createNormalizer, type NormalizedText, type Normalizer, type NormalizerOptions } from './create-normalizer';
export { lexiconFromBundle, normalizerFor } from './bundle-lexicon';
export { normalizeWidth } from './width';
export { toSimplified } from './traditional';
export { fixTypos } from './typos';
export { pinyinToChinese, segmentPinyin, type PinyinResult } from './pinyin';
export { buildPinyinLexicon, type PinyinLexicon } from './pinyin-lexicon';
