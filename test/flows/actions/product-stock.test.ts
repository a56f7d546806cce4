import { createActionRegistry } from '../../../src/flows/actions';
import { normaliseSize } from '../../../src/flows/actions/product-stock';
import { makeContext } from './make-context';

const stock = createActionRegistry().get('product.stock')!;

type StockResult = { found: boolean; inStock: boolean; title?: string; size?: string; color?: string; summary: string; soldOut?: string[] };

async function ask(args: Record<string, unknown>): Promise<StockResult> {
  return (await stock(args, makeContext().ctx)) as StockResult;
}

describe('product.stock', () => {
  it('answers 这件卫衣有XL吗 from the catalogue: XL in stock, one colour sold out', async () => {
    const r = await ask({ query: '这件卫衣有XL吗' });
    expect(r).toMatchObject({ found: true, inStock: true, title: '加绒连帽卫衣', size: 'XL' });
    expect(r.soldOut).toEqual(['XL 雾霾蓝']);
    expect(r.summary).toContain('加绒连帽卫衣 XL 有货');
    expect(r.summary).toContain('雾霾蓝');
  });

  it('says a sold-out size is out and lists what is available', async () => {
    const r = await ask({ query: '卫衣', size: '3XL' });
    expect(r.inStock).toBe(false);
    expect(r.size).toBe('XXXL');
    expect(r.summary).toMatch(/缺货.*有货的是/);
  });

  it('narrows by colour mentioned in the sentence', async () => {
    const r = await ask({ query: '雾霾蓝的卫衣还有XL吗' });
    expect(r).toMatchObject({ inStock: false, color: '雾霾蓝', size: 'XL' });
  });

  it('explains a size the product does not come in', async () => {
    const r = await ask({ query: '针织开衫有XXL吗' });
    expect(r.inStock).toBe(false);
    expect(r.summary).toContain('可选尺码：S/M/L/XL');
  });

  it('reports a low-stock variant', async () => {
    const r = await ask({ query: '黑色羽绒服有M码吗' });
    expect(r).toMatchObject({ inStock: true, color: '黑色', size: 'M' });
    expect(r.summary).toContain('只剩 3 件');
  });

  it('handles an unknown product politely', async () => {
    const r = await ask({ query: '火箭发动机有货吗' });
    expect(r).toMatchObject({ found: false, inStock: false });
    expect(r.summary).toContain('没找到');
  });

  it('looks a product up by id when given', async () => {
    const r = await ask({ productId: 'P3001', color: '云雾白' });
    expect(r).toMatchObject({ found: true, inStock: false, color: '云雾白' });
  });

  it.each([
    ['xl', 'XL'],
    ['2XL', 'XXL'],
    ['L码', 'L'],
    ['', undefined],
    [undefined, undefined],
  ])('normaliseSize(%s) = %s', (raw, expected) => {
    expect(normaliseSize(raw)).toBe(expected);
  });
});
