import type { Product, ProductVariant } from '../../commerce/gateway';
import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { productView } from './present';
import { productsAbout } from './focus-product';

const SIZE_RE = /(?<![a-z])(xxxl|xxl|xl|[2-4]xl|l|m|s|nb)(?![a-z])/i;
const SIZE_ALIASES: Record<string, string> = { '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL' };

/** Normalises a size (`xl`, `2xl`, `XL码`) to the catalogue's spelling (`XL`, `XXL`). */
export function normaliseSize(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const bare = raw.replace(/[码号]$/, '').trim();
  const m = SIZE_RE.exec(bare);
  if (!m) return /^\d{2,3}$/.test(bare) ? bare : undefined;
  const up = m[1].toUpperCase();
  return SIZE_ALIASES[up] ?? up;
}

function label(v: ProductVariant): string {
  return Object.values(v.options).join(' ');
}

function pickVariants(p: Product, size?: string, color?: string): ProductVariant[] {
  return p.variants.filter((v) => (!size || v.options.size === size) && (!color || Object.values(v.options).includes(color)));
}

/** The colour (or other option value) the text mentions, if any. */
function mentionedOption(p: Product, text: string): string | undefined {
  const values = new Set(p.variants.flatMap((v) => Object.entries(v.options).filter(([k]) => k !== 'size').map(([, val]) => val)));
  return [...values].find((val) => text.includes(val));
}

function describe(p: Product, size: string | undefined, color: string | undefined, matched: ProductVariant[]): string {
  const what = [p.title, color, size].filter(Boolean).join(' ');
  const inStock = matched.filter((v) => v.stock > 0);
  if (inStock.length === 0) {
    const others = p.variants.filter((v) => v.stock > 0).map(label);
    const alt = others.length ? `目前有货的是：${others.slice(0, 6).join('、')}` : '我们在加紧补货，到货后可以第一时间提醒您';
    return `抱歉亲，${what} 暂时缺货了😢 ${alt}`;
  }
  const soldOut = matched.filter((v) => v.stock === 0).map(label);
  const left = inStock.reduce((s, v) => s + v.stock, 0);
  const notes: string[] = [];
  if (inStock.length > 1 && inStock.length <= 4 && soldOut.length) notes.push(`${inStock.map(label).join('、')}都有现货`);
  if (soldOut.length) notes.push(soldOut.length <= 4 ? `${soldOut.join('、')} 暂时缺货` : `${soldOut.slice(0, 3).join('、')}等 ${soldOut.length} 个规格暂时缺货`);
  if (left < 5) notes.push(`只剩 ${left} 件了，喜欢要抓紧哦`);
  return `${what} 有货哦～${notes.join('，')}`;
}

/**
 * `product.stock { query | productId, focus?, size?, color? }`: is this product (variant) in stock? `focus` is the
 * product in focus (`{{ focus.product.id }}`), used when the query points back at it or names no product.
 * The size/colour may also be inside the query (`这件卫衣有XL吗`). Result:
 * `{ found, inStock, title, size, color, available, soldOut, product, summary }`.
 */
export const productStock: ActionHandler = async (args, ctx) => {
  const query = optString(args, 'query') ?? '';
  const id = optString(args, 'productId');
  const product = id ? await ctx.commerce.getProduct(id) : (await productsAbout(ctx, query, optString(args, 'focus'), 1))[0];
  if (!product) {
    return { found: false, inStock: false, summary: '亲，没找到您说的这款呢，可以发一下商品名称或链接吗？' };
  }
  let size = normaliseSize(optString(args, 'size')) ?? normaliseSize(SIZE_RE.exec(query)?.[1]);
  if (size && !product.variants.some((v) => v.options.size === size)) {
    const sizes = [...new Set(product.variants.map((v) => v.options.size).filter(Boolean))];
    if (sizes.length === 0) size = undefined;
    else {
      const summary = `${product.title} 没有 ${size} 这个尺码哦，可选尺码：${sizes.join('/')}`;
      return { found: true, inStock: false, title: product.title, size, available: [], soldOut: [], product: productView(product), summary };
    }
  }
  const color = optString(args, 'color') ?? mentionedOption(product, query);
  const matched = pickVariants(product, size, color);
  const summary = describe(product, size, color, matched.length ? matched : product.variants);
  return {
    found: true,
    inStock: matched.some((v) => v.stock > 0),
    title: product.title,
    size: size ?? '',
    color: color ?? '',
    available: matched.filter((v) => v.stock > 0).map(label),
    soldOut: matched.filter((v) => v.stock === 0).map(label),
    product: productView(product),
    summary,
  };
};
