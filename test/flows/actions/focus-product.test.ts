import { DemoCommerce } from '../../../src/commerce/demo-store';
import { productsAbout } from '../../../src/flows/actions/focus-product';
import type { ActionContext } from '../../../src/flows/engine-types';

describe('productsAbout: the product a follow-up question is about', () => {
  const commerce = new DemoCommerce();
  const ctx = { commerce } as unknown as ActionContext;
  let hoodie: string;
  beforeAll(async () => {
    hoodie = (await commerce.searchProducts('加绒连帽卫衣', 1))[0]!.id;
  });
  const titles = async (query: string, focus?: string): Promise<string[]> => (await productsAbout(ctx, query, focus, 1)).map((p) => p.title);

  test('follow-ups that point back, name nothing or only a colour stay on the product in focus', async () => {
    for (const q of ['那它有黑色吗', '是什么材质的', 'XL有货吗', '有没有白色的']) expect(await titles(q, hoodie)).toEqual(['加绒连帽卫衣']);
  });

  test('a question naming another product by its title moves on to it', async () => {
    expect((await titles('那口红呢，是什么色号', hoodie))[0]).toContain('口红');
    expect((await titles('纸尿裤L码还有吗', hoodie))[0]).toContain('纸尿裤');
  });

  test('without a product in focus the search decides', async () => {
    expect(await titles('是什么材质的')).toEqual([]);
    expect((await titles('这件卫衣有XL吗'))[0]).toBe('加绒连帽卫衣');
  });
});
