import path from 'node:path';
import { createActionRegistry } from '../../../src/flows/actions';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import type { FlowBundle } from '../../../src/flows/types';
import { createNormalizer, lexiconFromBundle, normalizerFor } from '../../../src/nlu/normalize';

const FLOWS = path.join(__dirname, '..', '..', '..', 'flows');

describe('createNormalizer', () => {
  const normalize = createNormalizer({ lexicon: [] });

  it('chains width, Traditional, typos and pinyin, and says what it changed', () => {
    expect(normalize('ＸＬ有货吗')).toEqual({ text: 'XL有货吗', changes: ['width'] });
    expect(normalize('買兩件')).toEqual({ text: '买两件', changes: ['traditional'] });
    expect(normalize('優慧卷怎麽用')).toEqual({ text: '优惠券怎么用', changes: ['traditional', 'typo:优慧卷→优惠券'] });
    expect(normalize('能开发漂吗')).toEqual({ text: '能开发票吗', changes: ['typo:发漂→发票'] });
    expect(normalize('ｋｕａｉｄｉ ｄａｏｎａｌｅ')).toEqual({ text: '快递到哪了', changes: ['width', 'pinyin'] });
    expect(normalize('yhq')).toEqual({ text: '优惠券', changes: ['initials'] });
  });

  it('returns plain text unchanged', () => {
    for (const text of [
      '我的快递到哪了',
      '这件卫衣有XL吗',
      '我要XL码',
      'ok',
      'hello',
      'iphone 15',
      'DD20260101123',
      '13812345678',
      '身高170体重65',
    ]) {
      expect(normalize(text)).toEqual({ text, changes: [] });
    }
  });
});

describe('the normaliser of a flow bundle', () => {
  let bundle: FlowBundle;
  beforeAll(async () => {
    const { bundle: b, errors } = await loadFlowBundle(FLOWS, { actionNames: createActionRegistry().names() });
    if (!b) throw new Error(errors.map((e) => e.message).join('\n'));
    bundle = b;
  });

  it('takes its words from the keywords, ask options and intent examples', () => {
    const lexicon = lexiconFromBundle(bundle);
    const keywords = [...bundle.flows.values()].flatMap((f) => f.triggers.flatMap((t) => t.keywords ?? []));
    const examples = [...bundle.intents.values()].flatMap((i) => i.examples);
    expect(lexicon).toEqual(expect.arrayContaining([...keywords, ...examples]));
    expect(normalizerFor(bundle)('chuan shenme ma').text).toBe('穿什么码'); // size-guide keyword
  });

  it("leaves the flows' own Chinese words as they are (keywords, options, intent examples)", () => {
    const normalize = normalizerFor(bundle);
    const chinese = lexiconFromBundle(bundle).filter((word) => !/[a-z]/i.test(word));
    expect(chinese.length).toBeGreaterThan(300);
    expect(chinese.filter((word) => normalize(word).text !== word)).toEqual([]);
    expect(normalize('fapiao').text).toBe('发票'); // pinyin ones (a keyword) are read as Chinese
  });

  it('is built once per bundle and again for a reloaded one', () => {
    expect(normalizerFor(bundle)).toBe(normalizerFor(bundle));
    const reloaded: FlowBundle = { ...bundle, version: bundle.version + 1 };
    expect(normalizerFor(reloaded)).not.toBe(normalizerFor(bundle));
  });
});
