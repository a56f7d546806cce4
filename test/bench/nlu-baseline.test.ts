import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BaselineError, prepareBaseline, type BaselineOptions } from '../../bench/nlu-baseline';

const SHIPPED = path.resolve(__dirname, '../../models/kefu-intent-zh');
const SMALL = { layers: 1, hidden: 32, heads: 2, intermediate: 64, vocabSize: 7100, maxPositions: 32 };

describe('the bench:nlu baseline', () => {
  let tmp: string;
  let lines: string[];
  const options = (over: Partial<BaselineOptions> = {}): BaselineOptions => ({
    root: tmp,
    dir: path.join(tmp, '.cache/bert-base-random'),
    model: SHIPPED,
    argv: [],
    env: {},
    log: (l) => void lines.push(l),
    shape: SMALL,
    ...over,
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'kefu-baseline-'));
    lines = [];
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  test('is generated once, reused, and regenerated when the generator or its inputs change', () => {
    const first = prepareBaseline(options());
    expect(first).toMatchObject({ included: true, model: '.cache/bert-base-random', generated: true });
    expect(prepareBaseline(options())).toMatchObject({ included: true, generated: false });
    writeFileSync(path.join(tmp, '.cache/bert-base-random/kefu-generator.json'), '{"version":0}'); // an older generator's stamp
    expect(prepareBaseline(options())).toMatchObject({ included: true, generated: true });
    expect(prepareBaseline(options({ shape: { ...SMALL, layers: 2 } }))).toMatchObject({ included: true, generated: true });
  });

  test('is left out only on request, with the reason recorded', () => {
    expect(prepareBaseline(options({ argv: ['--no-baseline'] }))).toEqual({ included: false, reason: 'left out with --no-baseline' });
    expect(prepareBaseline(options({ env: { KEFU_BENCH_SKIP_BASE: '1' } }))).toEqual({
      included: false,
      reason: 'left out with KEFU_BENCH_SKIP_BASE=1',
    });
    expect(lines.join('\n')).toContain('left out with --no-baseline');
  });

  test('that cannot be made stops the bench with the reason and the fix', () => {
    const run = (): unknown => prepareBaseline(options({ model: path.join(tmp, 'no-such-model') }));
    expect(run).toThrow(BaselineError);
    expect(run).toThrow(/no-such-model\/config\.json.*Fix: .*--no-baseline/s);
  });
});
