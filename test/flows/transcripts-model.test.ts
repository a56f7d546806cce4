import { existsSync } from 'node:fs';
import path from 'node:path';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { createActionRegistry } from '../../src/flows/actions';
import { FlowEngine } from '../../src/flows/engine';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { createEngineDriver, loadTranscripts, runTranscript } from '../../src/flows/transcript';
import { BertRecognizer } from '../../src/nlu/bert';
import { extractEntities } from '../../src/nlu/entities';
import { normalizerFor } from '../../src/nlu/normalize';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Every flows/tests/*.test.yaml again, now with the shipped intent models recognising each message (what
 * KEFU_NLU=model runs): the flows' intent triggers and thresholds must hold with the models' real scores.
 */
describe.each([
  ['teacher', 'models/kefu-intent-teacher'],
  ['student', 'models/kefu-intent-student'],
])('flow transcripts with the %s model', (_name, folder) => {
  const model = path.join(ROOT, folder);
  let nlu: BertRecognizer;

  beforeAll(async () => {
    if (!existsSync(path.join(model, 'config.json'))) throw new Error(`${folder} is missing: run npm run nlu:train (models/README.md).`);
    nlu = await BertRecognizer.load({ model, dtype: 'auto', intentsFile: path.join(ROOT, 'flows', 'intents.yaml'), workers: 1 });
  }, 60_000);
  afterAll(async () => nlu?.close());

  test('every transcript passes', async () => {
    const actions = createActionRegistry();
    const { bundle, errors } = await loadFlowBundle(path.join(ROOT, 'flows'), { actionNames: actions.names() });
    if (!bundle) throw new Error(`flows/ does not validate:\n${errors.map((e) => e.message).join('\n')}`);
    const { tests } = await loadTranscripts(path.join(ROOT, 'flows', 'tests'));
    expect(tests.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const t of tests) {
      const engine = new FlowEngine({
        bundle: () => bundle,
        actions: createActionRegistry(),
        commerce: new DemoCommerce(),
        shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
        extractEntities: (text) => extractEntities(text),
      });
      const driver = createEngineDriver(engine, { recognize: (text: string) => nlu.recognize(text), normalize: normalizerFor(bundle) });
      failures.push(...(await runTranscript(t, driver)).failures.map((f) => `[${t.name}] ${f}`));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
