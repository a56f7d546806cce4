import { CATEGORY_NAMES } from './categories';
import type { Product } from './gateway';

/** Words that say nothing about a product; stripped from queries before matching. */
const FILLER = /(这件|这款|这个|那个|那件|请问|你们|有没有|有吗|还有|吗|呢|呀|啊|的|想要|想买|我要|我想|推荐|一下|一款|帮我|看看|找)/g;

/** Lower-cased, filler-free text used for matching. */
export function normaliseQuery(query: string): string {
  return query.toLowerCase().replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * How well a product matches a free-text query (0: not at all). Works both ways round:
 * the query may be part of the title (`卫衣`) or the title/tag may be part of a sentence
 * (`这件卫衣有XL吗`). Longer matched words count more.
 *
 * @example
 * matchScore(hoodie, '卫衣'); // > 0
 */
export function matchScore(product: Product, query: string, extraWords: readonly string[] = []): number {
  const q = normaliseQuery(query);
  if (!q) return 0;
  const title = product.title.toLowerCase();
  let score = 0;
  if (title.includes(q)) score += 10 + q.length;
  const words = [...product.tags, CATEGORY_NAMES[product.category].zh, product.id, ...extraWords];
  for (const word of words) {
    const w = word.toLowerCase();
    if (w.length >= 2 && q.includes(w)) score += w.length * 2;
    else if (q.length >= 2 && w.includes(q)) score += q.length;
  }
  for (const part of q.split(' ')) {
    if (part.length >= 2 && part !== q && title.includes(part)) score += part.length;
  }
  return score;
}

/** Units in stock over all variants. */
export function totalStock(product: Product): number {
  return product.variants.reduce((sum, v) => sum + v.stock, 0);
}

/** The core of an option value: `#02 豆沙` → 豆沙, `奶白色` → 奶白. */
const optionCore = (value: string): string =>
  value
    .replace(/^#?\d+\s*/, '')
    .replace(/色$/, '')
    .trim();

/** Computed once per catalogue array (the demo shop's is fixed), not on every search. */
const distinctiveByCatalogue = new WeakMap<Product[], Map<string, string[]>>();

/**
 * Option values (colours, shades) that only one product has, by product id: "豆沙色还有吗" names the lipstick, while
 * 黑色 (many products) names none.
 */
function distinctiveOptions(products: Product[]): Map<string, string[]> {
  const known = distinctiveByCatalogue.get(products);
  if (known) return known;
  const owners = new Map<string, Set<string>>();
  for (const p of products) {
    for (const v of p.variants) {
      for (const [key, value] of Object.entries(v.options)) {
        const core = optionCore(value);
        if (key === 'size' || core.length < 2) continue;
        owners.set(core, (owners.get(core) ?? new Set()).add(p.id));
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [core, ids] of owners) if (ids.size === 1) out.set([...ids][0]!, [...(out.get([...ids][0]!) ?? []), core]);
  distinctiveByCatalogue.set(products, out);
  return out;
}

/** Products matching `query`, best first (ties: more stock first). A colour or shade only one product has counts too. */
export function searchCatalogue(products: Product[], query: string, limit = 5): Product[] {
  const options = distinctiveOptions(products);
  return products
    .map((p) => ({ p, s: matchScore(p, query, options.get(p.id)) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || totalStock(b.p) - totalStock(a.p))
    .slice(0, limit)
    .map((x) => x.p);
}
