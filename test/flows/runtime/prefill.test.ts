import { extractEntities } from '../../../src/nlu/entities';
import { EngineChat } from '../support/engine-harness';

/** Pre-filling ask steps from the message that started a flow (fixture flows in fixtures/prefill). */
describe('pre-filling asks from the starting message', () => {
  const chat = (): Promise<EngineChat> => EngineChat.create('prefill', { extractEntities: (t) => extractEntities(t) });
  const slots = (c: EngineChat): Record<string, unknown> => c.state.stack[c.state.stack.length - 1]?.slots ?? {};

  test('one number fills only the first number ask (165穿什么码 is the height, not the weight too)', async () => {
    const c = await chat();
    const out = await c.send('165穿什么码');
    expect(out.activeStep).toBe('ask_weight');
    expect(slots(c)).toEqual({ height: 165 });
    expect(c.texts()).toEqual(['体重多少斤呢？']);
    await c.send('110');
    expect(c.texts()).toEqual(['身高 165，体重 110']);
  });

  test('two numbers fill two asks in order', async () => {
    const c = await chat();
    await c.send('165 110斤穿什么码');
    expect(c.texts()).toEqual(['身高 165，体重 110']);
  });

  test('an entity used by one ask is not reused by the next (2件 is the quantity, not the number of people)', async () => {
    const c = await chat();
    const out = await c.send('我要买2件XL');
    expect(out.activeStep).toBe('ask_count');
    expect(slots(c)).toEqual({ qty: 2, size: 'XL' });
  });

  test('a choice option named in the message fills one choice ask only', async () => {
    const c = await chat();
    const out = await c.send('推荐一下母婴用品');
    expect(out.activeStep).toBe('ask_other');
    expect(slots(c)).toEqual({ category: '母婴' });
  });

  test('a known synonym of an option fills the choice (宝宝 → 母婴, 衣服 → 服饰)', async () => {
    const c = await chat();
    await c.send('逛逛宝宝用的');
    expect(slots(c)).toEqual({ category: '母婴' });
    const d = await chat();
    await d.send('推荐几件衣服');
    expect(slots(d)).toEqual({ category: '服饰' });
  });

  test('option numbers and unrelated words do not pre-fill a choice', async () => {
    for (const text of ['推荐1个', '推荐一下']) {
      const c = await chat();
      const out = await c.send(text);
      expect(out.activeStep).toBe('ask_category');
      expect(slots(c)).toEqual({});
    }
  });
});
