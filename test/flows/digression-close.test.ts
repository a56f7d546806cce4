import path from 'node:path';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { recognitionFromScores } from '../../src/core/recognizer';
import { createActionRegistry } from '../../src/flows/actions';
import { FlowEngine } from '../../src/flows/engine';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { createEngineDriver, runTranscript } from '../../src/flows/transcript';
import { parseTranscript } from '../../src/flows/transcript/parse';
import { extractEntities } from '../../src/nlu/entities';
import { normalizerFor } from '../../src/nlu/normalize';

const FLOWS = path.join(__dirname, '..', '..', 'flows');

/**
 * human-handoff.yaml's `digression: close` is the only guard when the handoff itself fails (a successful handoff
 * never resumes anything: the human owns the conversation). The shipped flows, with a handoff action that throws.
 */
describe('a handoff that fails does not bring back the flow it interrupted (flows/human-handoff.yaml digression: close)', () => {
  test('the size question is neither resumed nor offered after the apology', async () => {
    const actions = createActionRegistry({
      'handoff.human': async () => {
        throw new Error('the agent desk is down');
      },
    });
    const { bundle, errors } = await loadFlowBundle(FLOWS, { actionNames: actions.names() });
    if (!bundle) throw new Error(errors.map((e) => e.message).join('\n'));
    const engine = new FlowEngine({ bundle: () => bundle, actions, commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, extractEntities: (t) => extractEntities(t) });
    const driver = createEngineDriver(engine, { recognize: (text) => recognitionFromScores(text, {}, extractEntities(text)), normalize: normalizerFor(bundle) });
    const chat = [
      'name: 问尺码时转人工，转接失败',
      'user: { id: t-handoff-fails, new: false }',
      'turns:',
      '  - user: 165穿什么码',
      '    step: ask_weight',
      '  - user: 转人工',
      '    bot:',
      '      - 系统刚刚开了个小差',
      '      - not: 接着刚才',
      '      - not: 还需要继续吗',
      '      - not: 体重',
      '    flow: null',
      '    handoff: false',
    ].join('\n');
    const { test: transcript, errors: parseErrors } = parseTranscript('handoff-fails.test.yaml', chat);
    expect(parseErrors).toEqual([]);
    expect((await runTranscript(transcript!, driver)).failures).toEqual([]);
  });
});
