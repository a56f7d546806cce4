import { CATEGORIES, CATEGORY_NAMES } from '../../commerce/categories';
import type { Entity } from '../../core/recognizer';
import { findBodyMeasure } from '../../nlu/entities';
import type { AskStep } from '../types';
import { parseRating } from './rating-answer';

/** The part of a message a slot was filled from: characters `start..end` of the text given to {@link fillSlot}. */
export interface SlotUse {
  start: number;
  end: number;
  /** The entity the value came from, if any. */
  entity?: Entity;
}

/** The result of trying to fill a slot from a message. */
export type SlotFill = { ok: true; value: unknown; used?: SlotUse } | { ok: false };

const NO_WORDS = ['不要', '不用', '不需要', '没有', '还没', '没呢', '没', '不是', '不对', '不行', '算了', '别', '否', '不', 'no', 'nope'];
const YES_WORDS = ['好', '是', '对', '可以', '嗯', '要', '行', '确定', '没问题', '没毛病', '没错', 'ok', 'yes'];
/** Yes only at the start of an answer ("下好了", "已经付了"): inside a message they are no answer ("我的快递已经到了吗"). */
const YES_OPENERS = ['好了', '搞定', '已经', '下好', '付好', '拍好'];
const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The longest word of `words` the text starts with. */
const longestPrefix = (t: string, words: string[]): number => Math.max(0, ...words.filter((w) => t.startsWith(w)).map((w) => w.length));

/**
 * Understands yes (好/是/对/可以/嗯/要/行/ok, 是滴, 好哒, 没问题…) vs no (不/不要/不用/没有/还没/没呢/算了…);
 * undefined when neither. The longest matching opening word wins, so 没问题 is yes and 没呢 is no.
 *
 * @example
 * parseYesNo('还没呢'); // false
 * parseYesNo('好滴'); // true
 */
export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  const no = longestPrefix(t, NO_WORDS);
  const yes = longestPrefix(t, [...YES_WORDS, ...YES_OPENERS]);
  if (no || yes) return yes > no;
  if (NO_WORDS.some((w) => w.length > 1 && t.includes(w))) return false;
  if (YES_WORDS.some((w) => w.length > 1 && t.includes(w))) return true;
  return undefined;
}

/** Length of the yes/no word a text starts with (0 when it does not start with one). */
function yesNoWordLength(t: string): number {
  const word = Math.max(longestPrefix(t, NO_WORDS), longestPrefix(t, [...YES_WORDS, ...YES_OPENERS]));
  if (word === 0) return 0;
  return word + (/^[的滴哒嘞呀啊吧哦嗯了呢]*/u.exec(t.slice(word))?.[0].length ?? 0); // 好的 / 不用了 / 是滴
}

/** The first number in a text (digits or simple Chinese: 三, 十二, 两) with where it is. */
function findNumber(text: string): { value: number; start: number; end: number } | undefined {
  const m = /-?\d+(\.\d+)?/.exec(text);
  if (m) return { value: Number(m[0]), start: m.index, end: m.index + m[0].length };
  const cn = /[零一二两三四五六七八九十]+/.exec(text);
  if (!cn) return undefined;
  const s = cn[0];
  const span = { start: cn.index, end: cn.index + s.length };
  if (s.includes('十')) {
    const [a, b] = s.split('十');
    return { value: (a ? (CN_DIGITS[a] ?? 1) : 1) * 10 + (b ? (CN_DIGITS[b] ?? 0) : 0), ...span };
  }
  return s.length === 1 ? { value: CN_DIGITS[s], ...span } : undefined;
}

/** A number written as digits or simple Chinese (三, 十二, 两), else undefined. */
export function parseNumber(text: string): number | undefined {
  return findNumber(text)?.value;
}

/** Words that name the same thing as a choice option: a shop category's name, key and synonyms (服饰 → 衣服, 穿搭…). */
export function optionSynonyms(option: string): string[] {
  const o = option.trim().toLowerCase();
  for (const key of CATEGORIES) {
    const { zh, synonyms } = CATEGORY_NAMES[key];
    const words = [zh, key, ...synonyms].map((w) => w.toLowerCase());
    if (words.includes(o)) return words.filter((w) => w !== o);
  }
  return [];
}

/** A matched choice option and where it was found in the (trimmed, lower-cased) text. */
interface ChoiceHit {
  option: string;
  start: number;
  end: number;
}

/** The option uniquely named in the text (longest wins), by its own text or by a synonym. */
function namedOption(t: string, options: string[], wordsOf: (o: string) => string[]): ChoiceHit | undefined {
  const hits = options
    .map((option) => {
      const word = wordsOf(option)
        .filter((w) => w && t.includes(w))
        .sort((a, b) => b.length - a.length)[0];
      return word ? { option, start: t.indexOf(word), end: t.indexOf(word) + word.length, len: word.length } : undefined;
    })
    .filter((h): h is ChoiceHit & { len: number } => h !== undefined)
    .sort((a, b) => b.len - a.len);
  if (hits.length === 1 || (hits.length > 1 && hits[0].len > hits[1].len)) return hits[0];
  return undefined;
}

/** An answer that only picks by position: 第二个, 选第2个, 要第一单吧, 最后一个 (1-based, within `count`). */
const ORDINAL = /^(?:选|要|就|退|是)?(?:第([一二两三四五六七八九十\d]+)|(最后)一?)(?:个|单|笔|项|件|条|种|款)?(?:吧|啊|呀|哦|的|那个|那单)?$/;

function ordinalOf(t: string, count: number): number | undefined {
  const m = ORDINAL.exec(t);
  if (!m) return undefined;
  const n = m[2] ? count : parseNumber(m[1]);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= count ? n : undefined;
}

function findChoice(t: string, options: string[], strict: boolean): ChoiceHit | undefined {
  const whole = (option: string | undefined): ChoiceHit | undefined => (option === undefined ? undefined : { option, start: 0, end: t.length });
  const exact = options.find((o) => o.toLowerCase() === t);
  if (exact) return whole(exact);
  if (!strict && /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= options.length) return whole(options[Number(t) - 1]);
  const nth = strict ? undefined : ordinalOf(t, options.length);
  if (nth !== undefined) return whole(options[nth - 1]);
  const inside = namedOption(t, options, (o) => [o.toLowerCase()]);
  if (inside) return inside;
  if (options.some((o) => t.includes(o.toLowerCase()))) return undefined; // several options named: ambiguous
  const synonym = namedOption(t, options, optionSynonyms);
  if (synonym || strict) return synonym;
  const around = options.filter((o) => t.length >= 2 && o.toLowerCase().includes(t));
  if (around.length === 1) return whole(around[0]);
  return whole(sharedWordsOption(t, options));
}

/** Length of the longest run of characters `a` and `b` share. */
function longestShared(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) {
    let n = 0;
    while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
    best = Math.max(best, n);
  }
  return best;
}

/** The one option sharing three or more characters in a row with the answer ("质量有问题啊" → 商品有问题, "尺码不合适" → 大小不合适). */
function sharedWordsOption(t: string, options: string[]): string | undefined {
  const scored = options.map((o) => ({ o, n: longestShared(t, o.toLowerCase()) })).sort((x, y) => y.n - x.n);
  const [first, second] = scored;
  return first && first.n >= 3 && (!second || second.n < first.n) ? first.o : undefined;
}

/**
 * Matches a choice answer: the option itself, its number ("1", "2") or position ("第二个"), a unique option inside the
 * text, a known synonym of an option (衣服 → 服饰, 宝宝 → 母婴), or a unique option containing the text.
 * `strict` (pre-filling from the message that started a flow) allows only options or synonyms named in the text.
 *
 * @example
 * matchChoice('推荐一下宝宝用的', ['服饰', '母婴'], true); // '母婴'
 */
export function matchChoice(text: string, options: string[], strict = false): string | undefined {
  const t = text.trim().toLowerCase();
  return t ? findChoice(t, options, strict)?.option : undefined;
}

const FALLBACK_PATTERNS: Partial<Record<string, RegExp>> = {
  phone: /1[3-9]\d{9}/,
  order_id: /[A-Za-z]{0,4}\d{8,}/,
  size: /\b(X{0,3}S|M|X{0,4}L|[2-5]XL)\b/i,
  date: /\d{4}-\d{1,2}-\d{1,2}/,
  price: /\d+(\.\d+)?(?=\s*(元|块|rmb))/i,
};

type Found = { value: string; start: number; end: number; entity?: Entity };

/** Where an entity sits in `text` (its recorded offsets when they still fit, else its first occurrence). */
export function entitySpan(text: string, e: Entity): { start: number; end: number } {
  if (text.slice(e.start, e.end) === e.text) return { start: e.start, end: e.end };
  const i = e.text ? text.indexOf(e.text) : -1;
  return i < 0 ? { start: 0, end: 0 } : { start: i, end: i + e.text.length };
}

function fromEntity(text: string, entities: Entity[], types: string[]): Found | undefined {
  const e = entities.find((x) => types.includes(x.type));
  return e ? { value: e.value, ...entitySpan(text, e), entity: e } : undefined;
}

function fromEntities(type: string, text: string, entities: Entity[]): Found | undefined {
  const e = fromEntity(text, entities, [type]);
  if (e) return e;
  const m = FALLBACK_PATTERNS[type]?.exec(text);
  if (!m) return undefined;
  return { value: type === 'size' ? m[0].toUpperCase() : m[0], start: m.index, end: m.index + m[0].length };
}

function numberValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}

/** A number from an entity of `types`, else the first number in the text. */
function findNumberIn(text: string, entities: Entity[], types: string[]): { value: number | undefined; start: number; end: number; entity?: Entity } | undefined {
  const e = fromEntity(text, entities, types);
  if (e && numberValue(e.value) !== undefined) return { ...e, value: numberValue(e.value) };
  return findNumber(text);
}

type Hit = { value: unknown; start: number; end: number; entity?: Entity };

/** The choice named in `text`, with its position in the untrimmed text. */
function choiceIn(text: string, options: string[], strict: boolean): Hit | undefined {
  const lead = text.length - text.trimStart().length;
  const t = text.trim().toLowerCase();
  const hit = t ? findChoice(t, options, strict) : undefined;
  return hit && { value: hit.option, start: hit.start + lead, end: hit.end + lead };
}

function valueOf(step: AskStep, text: string, entities: Entity[], prefill: boolean): Hit | undefined {
  switch (step.expect) {
    case 'text':
      return { value: text.trim() || undefined, start: 0, end: text.length };
    case 'yes_no': {
      // The yes/no word is the answer; what follows it ("好的，顺便问下发票") may be another request.
      const lead = text.length - text.trimStart().length;
      const word = yesNoWordLength(text.trim().toLowerCase());
      return { value: parseYesNo(text), start: 0, end: word > 0 ? lead + word : text.length };
    }
    case 'choice':
      return choiceIn(text, step.options ?? [], prefill);
    case 'rating': {
      const lead = text.length - text.trimStart().length;
      const rating = parseRating(text);
      return rating && { value: rating.score, start: lead, end: lead + rating.used };
    }
    case 'number':
      return findNumberIn(text, entities, ['quantity', 'number']);
    case 'quantity': {
      const n = findNumberIn(text, entities, ['quantity']);
      return n && n.value !== undefined && Number.isInteger(n.value) && n.value >= 1 ? n : undefined;
    }
    case 'price': {
      const v = fromEntities('price', text, entities);
      return v ? { ...v, value: numberValue(v.value) ?? v.value } : findNumber(text);
    }
    case 'date': {
      const v = fromEntities('date', text, entities) ?? fromEntity(text, entities, ['datetime']);
      return v && { ...v, value: v.value.slice(0, 10) };
    }
    case 'height':
    case 'weight': {
      const v = fromEntity(text, entities, [step.expect]);
      return v && numberValue(v.value) !== undefined ? { ...v, value: numberValue(v.value) } : findBodyMeasure(step.expect, text);
    }
    default:
      return fromEntities(step.expect, text, entities);
  }
}

/**
 * Tries to fill an ask step's slot from a message, by the step's `expect` type, and says which part
 * of the text it used. With `prefill` (the message that started the flow), a choice must be named
 * in the text (no "1"/"2", no guesses).
 *
 * @example
 * fillSlot({ expect: 'yes_no' } as AskStep, '好的', []); // { ok: true, value: true, used: { start: 0, end: 2 } }
 */
export function fillSlot(step: AskStep, text: string, entities: Entity[], prefill = false): SlotFill {
  const found = valueOf(step, text, entities, prefill);
  if (!found || found.value === undefined || found.value === '') return { ok: false };
  return { ok: true, value: found.value, used: { start: found.start, end: found.end, ...(found.entity ? { entity: found.entity } : {}) } };
}
