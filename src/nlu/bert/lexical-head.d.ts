/** A loaded lexical head (see lexical-head.js and models/training/train_lexical.py). */
export interface LexicalHead {
  labels: string[];
  /** Word groups, [group, words], in the file's order: a group's token counts when the message contains its words. */
  lexicon: [string, string[]][];
  /** The lexicon's words by their first UTF-16 unit (one scan of a message finds every group's words). */
  lexiconIndex: { index: Map<number, { id: number; group: number; word: string }[]>; words: number };
  /** The feature index of each lexicon group's token (same order), -1 when training kept none. */
  groupFeatures: Int32Array;
  /** Position of each label in `labels`. */
  labelIndex: Map<string, number>;
  maxN: number;
  /** Number of features. */
  features: number;
  /** The two 32-bit hashes of each feature's n-gram (see {@link hashNgram}). */
  h1: Uint32Array;
  h2: Uint32Array;
  /** Open-addressing table: slot → feature index, -1 when empty; `mask` = slots − 1. */
  slots: Int32Array;
  mask: number;
  idf: Float32Array;
  /** features × labels, row-major, int8; multiply by `scales[label]`. */
  weights: Int8Array;
  scales: Float64Array;
  bias: Float64Array;
  /** Share of the classifier in the log-linear blend (0..1). */
  classifierWeight: number;
}

/** How often each word group's token counts for `text` (0, 1 or 2 per group, the head's lexicon order), as {@link lexiconTokens} counts it. */
export function lexiconGroupCounts(head: LexicalHead, text: string): Uint8Array;

/** The file format this runtime reads. */
export const LEXICAL_HEAD_FORMAT: string;

/**
 * The character n-grams of a message, as in training (lower-cased, whitespace collapsed, spaces beside
 * CJK dropped, 1..maxN code points).
 *
 * @example
 * ngrams('XL 码', 2); // ['x', 'l', '码', 'xl', 'l码']: the space beside 码 is dropped
 */
export function ngrams(text: string, maxN: number): string[];

/** Lower-case, collapse whitespace, drop whitespace beside non-ASCII characters (as in training). */
export function normalise(text: string): string;

/**
 * The word-group tokens of a message: `"\u0001" + group` once per group with a word in the normalised text,
 * twice when two or more of its words are.
 *
 * @example
 * lexiconTokens('太离谱了 我要投诉', [['anger', ['离谱', '投诉']]]); // ['\u0001anger', '\u0001anger']
 */
export function lexiconTokens(text: string, lexicon: [string, string[]][]): string[];

/**
 * The two 32-bit hashes of an n-gram's code points (FNV-1a, and a multiply-xorshift), as the trainer
 * stores them; `lexical.py` `hash_ngram` is its twin.
 */
export function hashNgram(gram: string): [number, number];

/**
 * Check a parsed `lexical-head.json` with its binary arrays (`lexical-head.bin`: hash1 u32 × n, hash2 u32 × n,
 * idf f32 × n, weights i8 × n × labels, little-endian) and index the features; throws with a fix hint when malformed.
 */
export function parseLexicalHead(raw: unknown, bin: Uint8Array, file?: string): LexicalHead;

/** Read and check `lexical-head.json` and the `lexical-head.bin` beside it. */
export function loadLexicalHead(file: string): LexicalHead;

/** Probabilities in `head.labels` order for one message. */
export function lexicalProbs(head: LexicalHead, text: string): number[];

/**
 * Blend classifier and lexical probabilities: softmax(w·log p_classifier + (1−w)·log p_lexical) in
 * `classifierLabels` order.
 */
export function blend(head: LexicalHead, classifierLabels: string[], classifierProbs: number[], lexicalProbs: number[]): number[];
