import type { Entity } from '../../nlu/recognizer';
import type { AskStep } from '../types';

/** The result of trying to fill a slot from a message. */
export type SlotFill = { ok: true; value: unknown } | { ok: false };

const NO_WORDS = ['不要', '不用', '不需要', '没有', '不是', '不对', '不行', '算了', '别', '否', '不', 'no', 'nope'];
const YES_WORDS = ['好', '是', '对', '可以', '嗯', '要', '行', '确定', '没问题', 'ok', 'yes'];
const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Understands 好/是/对/可以/嗯/要 (yes) vs 不/不要/不用/没有 (no); undefined when neither. */
export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (NO_WORDS.some((w) => t.startsWith(w) || t === w)) return false;
  if (YES_WORDS.some((w) => t.startsWith(w) || t === w)) return true;
  if (NO_WORDS.some((w) => w.length > 1 && t.includes(w))) return false;
  if (YES_WORDS.some((w) => w.length > 1 && t.includes(w))) return true;
  return undefined;
}

/** A number written as digits or simple Chinese (三, 十二, 两), else undefined. */
export function parseNumber(text: string): number | undefined {
  const m = /-?\d+(\.\d+)?/.exec(text);
  if (m) return Number(m[0]);
  const cn = /[零一二两三四五六七八九十]+/.exec(text)?.[0];
  if (!cn) return undefined;
  if (cn.includes('十')) {
    const [a, b] = cn.split('十');
    return (a ? (CN_DIGITS[a] ?? 1) : 1) * 10 + (b ? (CN_DIGITS[b] ?? 0) : 0);
  }
  return cn.length === 1 ? CN_DIGITS[cn] : undefined;
}

/** Matches a choice answer: the option itself, its number ("1", "2"), or a unique option inside the text. */
export function matchChoice(text: string, options: string[], strict = false): string | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  const exact = options.find((o) => o.toLowerCase() === t);
  if (exact) return exact;
  if (!strict && /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= options.length) return options[Number(t) - 1];
  const inside = options.filter((o) => t.includes(o.toLowerCase())).sort((a, b) => b.length - a.length);
  if (inside.length === 1 || (inside.length > 1 && inside[0].length > inside[1].length)) return inside[0];
  if (strict) return undefined;
  const around = options.filter((o) => t.length >= 2 && o.toLowerCase().includes(t));
  return around.length === 1 ? around[0] : undefined;
}

const FALLBACK_PATTERNS: Partial<Record<string, RegExp>> = {
  phone: /1[3-9]\d{9}/,
  order_id: /[A-Za-z]{0,4}\d{8,}/,
  size: /\b(X{0,3}S|M|X{0,4}L|[2-5]XL)\b/i,
  date: /\d{4}-\d{1,2}-\d{1,2}/,
  price: /\d+(\.\d+)?(?=\s*(元|块|rmb))/i,
};

function fromEntities(type: string, text: string, entities: Entity[]): string | undefined {
  const e = entities.find((x) => x.type === type);
  if (e) return e.value;
  const m = FALLBACK_PATTERNS[type]?.exec(text);
  if (!m) return undefined;
  return type === 'size' ? m[0].toUpperCase() : m[0];
}

/**
 * Tries to fill an ask step's slot from a message, by the step's `expect` type. With `prefill`
 * (the message that started the flow), a choice must be named in the text (no "1"/"2", no guesses).
 *
 * @example
 * fillSlot({ expect: 'yes_no' } as AskStep, '好的', []); // { ok: true, value: true }
 */
export function fillSlot(step: AskStep, text: string, entities: Entity[], prefill = false): SlotFill {
  const t = text.trim();
  const ok = (value: unknown): SlotFill => (value === undefined || value === '' ? { ok: false } : { ok: true, value });
  switch (step.expect) {
    case 'text':
      return ok(t || undefined);
    case 'choice':
      return ok(matchChoice(t, step.options ?? [], prefill));
    case 'yes_no':
      return ok(parseYesNo(t));
    case 'number':
      return ok(numberValue(entities.find((e) => e.type === 'quantity' || e.type === 'number')?.value) ?? parseNumber(t));
    case 'quantity': {
      const n = numberValue(entities.find((e) => e.type === 'quantity')?.value) ?? parseNumber(t);
      return ok(n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined);
    }
    case 'price': {
      const v = fromEntities('price', t, entities);
      return ok(v !== undefined ? (numberValue(v) ?? v) : parseNumber(t));
    }
    default:
      return ok(fromEntities(step.expect, t, entities));
  }
}

function numberValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}
