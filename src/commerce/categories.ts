import type { Category } from './gateway';

/** Category keys with their Chinese names and common synonyms shoppers type. */
export const CATEGORY_NAMES: Record<Category, { zh: string; synonyms: string[] }> = {
  apparel: { zh: '服饰', synonyms: ['服装', '衣服', '穿搭', '女装', '男装'] },
  beauty: { zh: '美妆', synonyms: ['护肤', '化妆品', '彩妆', '个护'] },
  electronics: { zh: '数码', synonyms: ['电子', '3c', '数码产品', '电器'] },
  food: { zh: '食品', synonyms: ['零食', '吃的', '美食', '食物'] },
  home: { zh: '家居', synonyms: ['家用', '日用', '家纺', '厨房'] },
  baby: { zh: '母婴', synonyms: ['宝宝', '婴儿', '儿童', '孕婴'] },
};

/** All category keys. */
export const CATEGORIES = Object.keys(CATEGORY_NAMES) as Category[];

/**
 * Turns a key (`beauty`), Chinese name (`美妆`) or synonym (`护肤`) into a category key.
 *
 * @example
 * parseCategory('美妆'); // 'beauty'
 * parseCategory('随便'); // undefined
 */
export function parseCategory(input: unknown): Category | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim().toLowerCase();
  if (!text) return undefined;
  for (const key of CATEGORIES) {
    const { zh, synonyms } = CATEGORY_NAMES[key];
    if (text === key || text === zh || synonyms.includes(text)) return key;
  }
  for (const key of CATEGORIES) {
    const { zh, synonyms } = CATEGORY_NAMES[key];
    if (text.includes(zh) || synonyms.some((s) => text.includes(s))) return key;
  }
  return undefined;
}

/** Chinese display name of a category key. */
export function categoryName(category: Category): string {
  return CATEGORY_NAMES[category].zh;
}
