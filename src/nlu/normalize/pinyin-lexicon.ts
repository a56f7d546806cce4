/**
 * The words pinyin is read into: each word's toneless pinyin (computed once with pinyin-pro) in a letter trie,
 * and the words that can be written as initials (yhq → 优惠券).
 */
import { pinyin } from 'pinyin-pro';
import { FUNCTION_WORDS, GLUE_CHARS, SHOP_WORDS } from './shop-words';

/** One node of the letter trie; `word` is set where a word's pinyin ends. */
export interface PinyinTrieNode {
  next: Map<string, PinyinTrieNode>;
  word?: string;
  /** false for a glue character (我, 吗, …): it never makes a conversion on its own. */
  core?: boolean;
}

/** What {@link buildPinyinLexicon} returns. */
export interface PinyinLexicon {
  root: PinyinTrieNode;
  /** Initials (`yhq`) → the one word they stand for; ambiguous initials are absent. */
  initials: ReadonlyMap<string, string>;
  /** Number of words in the trie. */
  words: number;
}

const HAN_WORD = /^\p{Script=Han}{1,16}$/u;

/** Toneless syllables of a word as pinyin-pro reads it in context (到哪了 → dao na le, 还有 → hai you). */
function syllablesOf(word: string): string[] {
  return pinyin(word, { toneType: 'none', type: 'array' });
}

/** The keys a shopper may type for these syllables: ü as v (IME habit) or as u. */
function keysOf(syllables: string[]): string[] {
  const joined = syllables.join('');
  return joined.includes('ü') ? [joined.replace(/ü/g, 'v'), joined.replace(/ü/g, 'u')] : [joined];
}

function insert(root: PinyinTrieNode, key: string, word: string, core: boolean): boolean {
  let node = root;
  for (const ch of key) {
    let child = node.next.get(ch);
    if (!child) node.next.set(ch, (child = { next: new Map() }));
    node = child;
  }
  if (node.word !== undefined) return false; // a homophone seen earlier wins
  node.word = word;
  node.core = core;
  return true;
}

/** Adds `word` to `byInitials` under its initials when it has `minChars`–4 characters. */
function addInitials(byInitials: Map<string, Set<string>>, word: string, syllables: string[], minChars: number): void {
  if (syllables.length < minChars || syllables.length > 4) return;
  const initials = syllables.map((s) => s[0]).join('');
  const words = byInitials.get(initials) ?? new Set<string>();
  words.add(word);
  byInitials.set(initials, words);
}

/**
 * Initials → word: a curated shop word when exactly one has them, else the one lexicon word (of three or more
 * characters) that has them; ambiguous initials stand for nothing.
 */
function resolveInitials(curated: Map<string, Set<string>>, others: Map<string, Set<string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const initials of new Set([...curated.keys(), ...others.keys()])) {
    const candidates = curated.get(initials) ?? others.get(initials)!;
    if (candidates.size === 1) out.set(initials, [...candidates][0]!);
  }
  return out;
}

/**
 * Build the pinyin lexicon: the curated shop words first (they win ties), then the function words, then
 * `words` (flow keywords and intent examples, see {@link lexiconFromBundle}), then the glue characters.
 * Only words of Chinese characters are used. About 20 ms for the shipped flows.
 *
 * @example
 * const lexicon = buildPinyinLexicon(['到哪里了']);
 * lexicon.initials.get('yhq'); // '优惠券'
 */
export function buildPinyinLexicon(words: readonly string[]): PinyinLexicon {
  const root: PinyinTrieNode = { next: new Map() };
  const curated = new Map<string, Set<string>>();
  const others = new Map<string, Set<string>>();
  let count = 0;
  const add = (word: string, core: boolean, initials?: { into: Map<string, Set<string>>; minChars: number }): void => {
    if (!HAN_WORD.test(word)) return;
    const syllables = syllablesOf(word);
    for (const key of keysOf(syllables)) if (insert(root, key, word, core)) count++;
    if (initials) addInitials(initials.into, word, syllables, initials.minChars);
  };
  for (const word of SHOP_WORDS) add(word, true, { into: curated, minChars: 2 });
  for (const word of FUNCTION_WORDS) add(word, true);
  // Two letters are too overloaded in chat (tt, pp, js, bb) to stand for any keyword: three or more here.
  for (const word of words) if (word.length >= 2) add(word, true, { into: others, minChars: 3 });
  for (const ch of GLUE_CHARS) add(ch, false);
  return { root, initials: resolveInitials(curated, others), words: count };
}
