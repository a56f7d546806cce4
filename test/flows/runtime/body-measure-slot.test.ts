import { fillSlot } from '../../../src/flows/runtime/slot-fill';
import type { AskStep } from '../../../src/flows/types';
import { extractEntities } from '../../../src/nlu/entities';

const ask = (expect: AskStep['expect']): AskStep => ({ kind: 'ask', id: 'a', ask: '?', slot: 's', expect, max_attempts: 2, pos: { file: 'x', line: 1, col: 1 } });
const NOW = new Date('2026-11-24T10:00:00+08:00');
/** Fill a slot from an answer, with the entities the recogniser finds in it. */
const fill = (expect: AskStep['expect'], text: string): unknown => {
  const got = fillSlot(ask(expect), text, extractEntities(text, { now: NOW }));
  return got.ok ? got.value : undefined;
};

describe('height and weight asks', () => {
  // Weight slots are in kilograms: 75公斤 is 75, 150斤 is 75 too (the size guide shows 斤 with `| times: 2`).
  test.each([
    ['75公斤', 75],
    ['75kg', 75],
    ['150斤', 75],
    ['一斤半', 0.75],
    ['一百二十斤', 60],
    ['120来斤', 60],
    ['110', 55],
    ['65', 65],
    ['一百二', 60],
    ['７０ｋｇ', 70],
    ['大概 55 公斤吧', 55],
    ['我一米七，130斤', 65],
  ])('weight %s → %d kg', (text, kg) => {
    expect(fill('weight', text)).toBe(kg);
  });

  test.each([
    ['一米七', 170],
    ['1米68', 168],
    ['1.68米', 168],
    ['168cm', 168],
    ['165', 165],
    ['1.65', 165],
    ['一米六几', 165],
    ['１米６８', 168],
    ['110斤 一米六', 160],
    ['50', 50],
  ])('height %s → %d cm', (text, cm) => {
    expect(fill('height', text)).toBe(cm);
  });

  test.each([['weight', '挺重的'], ['height', '很高'], ['weight', '不知道'], ['height', '保密']])('%s: nothing in %s', (kind, text) => {
    expect(fill(kind as AskStep['expect'], text)).toBeUndefined();
  });

  test('one message fills height then weight from its unused parts (身高165体重110斤 is one size entity)', () => {
    const text = '身高165体重110斤穿什么码';
    const height = fillSlot(ask('height'), text, extractEntities(text));
    expect(height).toMatchObject({ ok: true, value: 165, used: { start: 0, end: 5 } });
    const rest = '     体重110斤穿什么码';
    expect(fillSlot(ask('weight'), rest, [])).toMatchObject({ ok: true, value: 55, used: { start: 5, end: 11 } });
  });

  test('a bare height skips the number that is a weight (110斤 165)', () => {
    expect(fillSlot(ask('height'), '110斤 165', [])).toMatchObject({ ok: true, value: 165, used: { start: 5, end: 8 } });
  });
});

describe('date asks take the date of a date and time', () => {
  test.each([
    ['明天下午三点', '2026-11-25'],
    ['周五下午', '2026-11-27'],
    ['明天', '2026-11-25'],
  ])('%s → %s', (text, date) => {
    expect(fill('date', text)).toBe(date);
  });

  test('a datetime ask keeps the time', () => {
    expect(fill('datetime', '后天上午十点半')).toBe('2026-11-26T10:30+08:00');
  });
});
