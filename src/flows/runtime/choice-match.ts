/**
 * Matching an answer to the options of a choice question: the option itself (its button text or the value it stands
 * for), an option named inside the answer, digits that end one option (0001, 尾号0001 for 尾号0001 …), a position
 * (2, 第二个, 最后一个), a synonym (衣服 → 服饰), an option containing the answer, or the one option sharing a phrase.
 */
import { CATEGORIES, CATEGORY_NAMES } from '../../commerce/categories';
import { parseNumber } from './number-answer';

/** One option of a choice question: its button text, and the value it stands for when that differs (an order id). */
export interface ChoiceText {
  title: string;
  value?: string;
}

/** The matched option (its index) and where it was found in the trimmed, lower-cased answer. */
export interface ChoiceHit {
  index: number;
  start: number;
  end: number;
}

/** Words that name the same thing as a choice option: a shop category's name, key and synonyms (服饰 → 衣服, 穿搭…). */
function optionSynonyms(option: string): string[] {
  const o = option.trim().toLowerCase();
  for (const key of CATEGORIES) {
    const { zh, synonyms } = CATEGORY_NAMES[key];
    const words = [zh, key, ...synonyms].map((w) => w.toLowerCase());
    if (words.includes(o)) return words.filter((w) => w !== o);
  }
  return [];
}

/** The option uniquely named in the text (longest word wins), by the words `wordsOf(index)` gives for it. */
function namedOption(t: string, count: number, wordsOf: (index: number) => string[]): ChoiceHit | undefined {
  const hits = Array.from({ length: count }, (_, index) => {
    const word = wordsOf(index)
      .filter((w) => w && t.includes(w))
      .sort((a, b) => b.length - a.length)[0];
    return word ? { index, start: t.indexOf(word), end: t.indexOf(word) + word.length, len: word.length } : undefined;
  })
    .filter((h): h is ChoiceHit & { len: number } => h !== undefined)
    .sort((a, b) => b.len - a.len);
  if (hits.length === 1 || (hits.length > 1 && hits[0].len > hits[1].len)) return hits[0];
  return undefined;
}

/** Runs of digits in a text, with where each starts. */
const digitRuns = (s: string): { run: string; start: number }[] => [...s.matchAll(/\d+/g)].map((m) => ({ run: m[0], start: m.index }));

/**
 * Digits in the answer that point at options: a run of three or more digits ending an option's value or a number in
 * its button (0001 → 尾号0001 … / order 20251108400001), or a shorter number written as such in a button
 * (14号签收的 → … 11月14日签收). Every run that points somewhere must point at the same one option; undefined when
 * no digits point anywhere, 'ambiguous' when they point at several (0001和0002, 11月).
 */
function digitsOption(t: string, titles: string[], values: string[]): ChoiceHit | 'ambiguous' | undefined {
  let common: Set<number> | undefined;
  let first: { start: number; end: number } | undefined;
  for (const { run, start } of digitRuns(t)) {
    const points = (s: string): boolean => (run.length >= 3 ? s.endsWith(run) : s === run);
    const isDigits = (s: string): boolean => /^\d+$/.test(s);
    const pointed = titles.flatMap((title, index) =>
      digitRuns(title).some((d) => points(d.run)) || (run.length >= 3 && isDigits(values[index]) && points(values[index])) ? [index] : [],
    );
    if (pointed.length === 0) continue;
    common = new Set(pointed.filter((index) => common === undefined || common.has(index)));
    first ??= { start, end: start + run.length };
  }
  if (common === undefined || first === undefined) return undefined;
  const [only] = common;
  return common.size === 1 ? { index: only, ...first } : 'ambiguous';
}

/** An answer that only picks by position: 第二个, 选第2个, 要第一单吧, 最后一个 (1-based, within `count`). */
const ORDINAL = /^(?:选|要|就|退|是)?(?:第([一二两三四五六七八九十\d]+)|(最后)一?)(?:个|单|笔|项|件|条|种|款)?(?:吧|啊|呀|哦|的|那个|那单)?$/;

/** A position the answer picks: a plain small number (2, not 02) or an ordinal (第二个, 最后一个) no button contains. */
function positionOf(t: string, titles: string[]): number | undefined {
  const count = titles.length;
  if (/^[1-9]\d?$/.test(t)) return Number(t) <= count ? Number(t) : undefined;
  const m = ORDINAL.exec(t);
  if (!m || titles.some((title) => title.includes(t))) return undefined;
  const n = m[2] ? count : parseNumber(m[1]);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= count ? n : undefined;
}

/** Length of the longest run of characters `a` and `b` share. */
function longestShared(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
      best = Math.max(best, n);
    }
  return best;
}

/** The one option sharing three or more characters in a row with the answer ("质量有问题啊" → 商品有问题, "尺码不合适" → 大小不合适). */
function sharedWordsOption(t: string, titles: string[]): number | undefined {
  const scored = titles.map((o, index) => ({ index, n: longestShared(t, o) })).sort((x, y) => y.n - x.n);
  const [first, second] = scored;
  return first && first.n >= 3 && (!second || second.n < first.n) ? first.index : undefined;
}

/** Values long enough to be named inside an answer (ids, not short codes that hide inside other words). */
const MIN_NAMED_VALUE = 4;

/**
 * The option an answer (trimmed, lower-cased) picks, in this order: the option's button text or value itself; an
 * option named inside the answer; digits ending one option (0001 / 尾号0001 → 尾号0001 …, before positions, so a
 * typed order tail is never read as "the first"); a position (2, 第二个, 最后一个); a synonym; the one option containing
 * the answer; the one option sharing a phrase. `strict` (pre-filling from the message that started a flow) allows
 * only options, values, digits and synonyms named in the text.
 *
 * @example
 * const orders = [{ title: '尾号0002 高腰直筒牛仔裤 11月14日签收' }, { title: '尾号0001 纯棉圆领短袖T恤 11月10日签收' }];
 * findChoice('0001', orders, false); // { index: 1, start: 0, end: 4 }
 */
export function findChoice(t: string, options: ChoiceText[], strict: boolean): ChoiceHit | undefined {
  const titles = options.map((o) => o.title.toLowerCase());
  const values = options.map((o) => (o.value ?? o.title).toLowerCase());
  const whole = (index: number | undefined): ChoiceHit | undefined => (index === undefined || index < 0 ? undefined : { index, start: 0, end: t.length });
  const exact = titles.indexOf(t) >= 0 ? titles.indexOf(t) : values.indexOf(t);
  if (exact >= 0) return whole(exact);
  const wordsOf = (k: number): string[] => [titles[k], ...(values[k].length >= MIN_NAMED_VALUE ? [values[k]] : [])];
  const inside = namedOption(t, options.length, wordsOf);
  if (inside) return inside;
  if (options.some((_, k) => wordsOf(k).some((w) => w && t.includes(w)))) return undefined; // several options named: ambiguous
  const digits = digitsOption(t, titles, values);
  if (digits) return digits === 'ambiguous' ? undefined : digits;
  const nth = strict ? undefined : positionOf(t, titles);
  if (nth !== undefined) return whole(nth - 1);
  const synonym = namedOption(t, options.length, (k) => optionSynonyms(titles[k]));
  if (synonym || strict) return synonym;
  const around = titles.flatMap((o, k) => (t.length >= 2 && o.includes(t) ? [k] : []));
  if (around.length === 1) return whole(around[0]);
  return whole(sharedWordsOption(t, titles));
}

/**
 * Matches a choice answer to one of `options` (see {@link findChoice}) and gives that option back.
 *
 * @example
 * matchChoice('推荐一下宝宝用的', ['服饰', '母婴'], true); // '母婴'
 * matchChoice('0001', ['尾号0002 高腰直筒牛仔裤 11月14日签收', '尾号0001 纯棉圆领短袖T恤 11月10日签收']); // '尾号0001 纯棉圆领短袖T恤 11月10日签收'
 */
export function matchChoice(text: string, options: string[], strict = false): string | undefined {
  const t = text.trim().toLowerCase();
  const hit = t ? findChoice(t, options.map((title) => ({ title })), strict) : undefined;
  return hit && options[hit.index];
}
