import type { Entity } from '../../core/recognizer';
import { findBodyMeasure } from '../../nlu/entities';
import type { AskStep } from '../types';
import { findChoice, type ChoiceText } from './choice-match';
import { findNumber } from './number-answer';
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

/** The choice named in `text` (its value, else its title), with its position in the untrimmed text. */
function choiceIn(text: string, options: ChoiceText[], strict: boolean): Hit | undefined {
  const lead = text.length - text.trimStart().length;
  const t = text.trim().toLowerCase();
  const hit = t ? findChoice(t, options, strict) : undefined;
  const option = hit && options[hit.index];
  return option && { value: option.value ?? option.title, start: hit.start + lead, end: hit.end + lead };
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
      return choiceIn(text, (step.options ?? []).map((title) => ({ title })), prefill);
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
  return slotFillOf(valueOf(step, text, entities, prefill));
}

/**
 * Fills a `choice` slot from a message when the options stand for values (`options_from` buttons `{ title, value }`):
 * the answer is matched on titles and values (see {@link findChoice}) and the slot keeps the chosen option's value.
 *
 * @example
 * const orders = [{ title: '尾号0002 高腰直筒牛仔裤', value: '20251113400002' }, { title: '尾号0001 纯棉T恤', value: '20251108400001' }];
 * fillChoice(orders, '0001'); // { ok: true, value: '20251108400001', used: { start: 0, end: 4 } }
 */
export function fillChoice(options: ChoiceText[], text: string, prefill = false): SlotFill {
  return slotFillOf(choiceIn(text, options, prefill));
}

function slotFillOf(found: Hit | undefined): SlotFill {
  if (!found || found.value === undefined || found.value === '') return { ok: false };
  return { ok: true, value: found.value, used: { start: found.start, end: found.end, ...(found.entity ? { entity: found.entity } : {}) } };
}
