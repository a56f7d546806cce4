import { compileCondition, testCondition } from '../../src/flows/conditions/compile';
import { parseCondition } from '../../src/flows/conditions/parser';
import { ConditionSyntaxError } from '../../src/flows/conditions/tokenizer';

const ctx = {
  user: { isNew: true, tags: ['vip', '宝妈'], name: '小王' },
  slots: { size: 'XL', qty: 3, category: '服饰' },
  vars: { order: { status: 'shipped', total: 199.5 }, products: [{ id: 'p1' }, { id: 'p2' }] },
};

describe('condition language', () => {
  test.each([
    ['user.isNew', true],
    ['not user.isNew', false],
    ['!user.isNew', false],
    ['slots.size == "XL"', true],
    ["slots.size == 'L'", false],
    ['slots.size != "L"', true],
    ['slots.qty >= 3 and slots.qty < 4', true],
    ['slots.qty > 3 || slots.qty <= 1', false],
    ['slots.qty == "3"', true],
    ['vars.order.total > 100.5', true],
    ['vars.order.status in ["shipped", "delivered"]', true],
    ['slots.category in ["美妆"]', false],
    ['"vip" in user.tags', true],
    ['"svip" not in user.tags', true],
    ['contains(user.tags, "宝妈")', true],
    ['contains(user.name, "王")', true],
    ['user.tags contains "宝妈"', true],
    ['user.name contains "李"', false],
    ['user.name not contains "李"', true],
    ['user.tags contains "vip" and not (slots.qty > 5 or slots.size contains "S")', true],
    ['vars.missing contains "x"', false],
    ['len(vars.products) == 2', true],
    ['len(vars.missing) == 0', true],
    ['vars.missing.deep == null', true],
    ['(user.isNew && slots.qty == 1) || len(user.tags) > 1', true],
    ['not (user.isNew and true)', false],
    ['-1 < 0', true],
    ['false or null', false],
  ])('%s → %s', (src, expected) => {
    expect(testCondition(src, ctx)).toBe(expected);
  });

  test('parse errors carry the column', () => {
    const cases: [string, number][] = [
      ['user.isNew and', 15],
      ['slots.size === "XL"', 14],
      ['(a == 1', 8],
      ['a == "open', 6],
      ['a # b', 3],
      ['foo(1)', 1],
      ['len(1, 2)', 1],
      ['user.tags contains', 19],
      ['', 1],
    ];
    for (const [src, col] of cases) {
      let caught: unknown;
      try {
        parseCondition(src);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConditionSyntaxError);
      expect([src, (caught as ConditionSyntaxError).col]).toEqual([src, col]);
    }
  });

  test('no code execution: JS-looking input is just data or a syntax error', () => {
    expect(testCondition('constructor.constructor == null', {})).toBe(true);
    expect(testCondition('user.__proto__ == null', ctx)).toBe(true);
    expect(() => parseCondition('process.exit(1)')).toThrow(ConditionSyntaxError);
  });

  test('compiled conditions are cached and list their paths', () => {
    const a = compileCondition('slots.size == "XL" and user.isNew');
    expect(compileCondition('slots.size == "XL" and user.isNew')).toBe(a);
    expect(a.paths.map((p) => p.path.join('.'))).toEqual(['slots.size', 'user.isNew']);
  });
});
