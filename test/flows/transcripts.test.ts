import path from 'node:path';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { createActionRegistry } from '../../src/flows/actions';
import { FlowEngine } from '../../src/flows/engine';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { createEngineDriver, loadTranscripts, runTranscript, type TranscriptDriver } from '../../src/flows/transcript';
import { extractEntities } from '../../src/nlu/entities';
import { normalizerFor } from '../../src/nlu/normalize';
import { recognitionFromScores } from '../../src/core/recognizer';
import { EngineChat, FIXTURES } from './support/engine-harness';

const ROOT = path.join(__dirname, '..', '..');
const recognize = (text: string) => recognitionFromScores(text, {}, extractEntities(text));

async function fixtureDriver(): Promise<TranscriptDriver> {
  const chat = await EngineChat.create();
  return createEngineDriver(chat.engine, { recognize });
}

describe('transcript runner (engine fixture)', () => {
  test('passing transcripts pass', async () => {
    const { tests, errors } = await loadTranscripts(path.join(FIXTURES, 'engine-transcripts'));
    expect(errors).toEqual([]);
    expect(tests).toHaveLength(2);
    for (const t of tests) expect((await runTranscript(t, await fixtureDriver())).failures).toEqual([]);
  });

  test('failures name the file position and what the bot said', async () => {
    const { tests, errors } = await loadTranscripts(path.join(FIXTURES, 'broken-transcripts'));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/bad-shape\.test\.yaml:3:5: Turn 1 needs exactly one of user\/event\/click, found user and event\./)]);
    const byName = new Map(tests.map((t) => [t.name, t]));
    const wrong = await runTranscript(byName.get('故意写错的期望')!, await fixtureDriver());
    expect(wrong.failures).toEqual([expect.stringMatching(/wrong\.test\.yaml:5:9: expected a reply containing "再见" but the bot said: "小美优选欢迎您～"$/)]);
    const click = await runTranscript(byName.get('点击不存在的按钮')!, await fixtureDriver());
    expect(click.failures).toEqual([expect.stringMatching(/bad-click\.test\.yaml:5:5: cannot click "数码": the bot offered \(no buttons\)/)]);
    const silent = await runTranscript(byName.get('期望机器人不说话却说了')!, await fixtureDriver());
    expect(silent.failures).toEqual([expect.stringMatching(/not-silent\.test\.yaml:4:10: expected the bot to say nothing but it said: "小美优选欢迎您～"$/)]);
    const forbidden = await runTranscript(byName.get('期望某句话不出现却出现了')!, await fixtureDriver());
    expect(forbidden.failures).toEqual([expect.stringMatching(/said-forbidden\.test\.yaml:6:9: expected no reply containing "小美" but the bot said: "小美优选欢迎您～"$/)]);
  });
});

/** Every flows/tests/*.test.yaml, run through the engine with the real actions and demo commerce. */
describe('flow transcripts (flows/tests)', () => {
  const dir = path.join(ROOT, 'flows', 'tests');
  let driver: () => Promise<TranscriptDriver>;

  beforeAll(async () => {
    const actions = createActionRegistry();
    const { bundle, errors } = await loadFlowBundle(path.join(ROOT, 'flows'), { actionNames: actions.names() });
    if (!bundle) throw new Error(`flows/ does not validate:\n${errors.map((e) => e.message).join('\n')}`);
    driver = async () => {
      const engine = new FlowEngine({ bundle: () => bundle, actions: createActionRegistry(), commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, extractEntities: (t) => extractEntities(t) });
      return createEngineDriver(engine, { recognize, normalize: normalizerFor(bundle) });
    };
  });

  test('transcript files parse', async () => {
    const { errors } = await loadTranscripts(dir);
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  test('every transcript passes', async () => {
    const { tests } = await loadTranscripts(dir);
    const failures: string[] = [];
    for (const t of tests) failures.push(...(await runTranscript(t, await driver())).failures.map((f) => `[${t.name}] ${f}`));
    expect(failures).toEqual([]);
  });
});
