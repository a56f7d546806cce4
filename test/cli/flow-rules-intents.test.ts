import path from 'node:path';
import { FlowRulesIntents } from '../../src/cli/flow-rules-intents';

describe('FlowRulesIntents: the rules recogniser measured as a classifier', () => {
  let rules: FlowRulesIntents;
  beforeAll(async () => {
    rules = await FlowRulesIntents.load(path.resolve(__dirname, '../../flows'));
  });

  it('gives the intent of the flow whose keyword fires', async () => {
    expect((await rules.recognize('我的快递到哪了')).top.name).toBe('shipping_logistics');
    expect((await rules.recognize('转人工')).top.name).toBe('human_agent');
  });

  it('reads a message no keyword or regex fires on as out_of_scope (the fallback), never by intent score', async () => {
    expect((await rules.recognize('今天天气真好呀')).top.name).toBe('out_of_scope');
    expect(rules.labels).toContain('out_of_scope');
  });
});
