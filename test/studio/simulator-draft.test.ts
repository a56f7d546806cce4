/**
 * The studio's simulator plays the **draft**: its flows, triggers and thresholds, and its settings.yaml (clarifying
 * between close intents, texts) change what the simulated shopper gets, while the scores come from the running
 * kefu's recogniser (here a fixed one, as the model's scores cannot change without training: docs/studio.md).
 */
import path from 'node:path';
import { recognitionFromScores } from '../../src/core/recognizer';
import { createActionRegistry } from '../../src/flows/actions';
import { loadFlowSources } from '../../src/flows/load-bundle';
import { readFlowFolder, type FlowFiles } from '../../src/studio/flow-set';
import { simulateChat } from '../../src/studio/simulator';

const ROOT_FLOWS = path.resolve(__dirname, '../../flows');
const TEXT = '那个东西呢';
/** The live model's scores for the one message: logistics 0.45, invoice 0.40 (below the shipped thresholds). */
const recognize = (text: string) => recognitionFromScores(text, text === TEXT ? { shipping_logistics: 0.45, invoice: 0.4 } : {});

async function play(files: FlowFiles) {
  const { bundle, errors } = await loadFlowSources(
    ROOT_FLOWS,
    Object.entries(files).map(([name, text]) => ({ name, text })),
    {
      actionNames: createActionRegistry().names(),
    },
  );
  expect(errors.map((e) => e.message)).toEqual([]);
  const [turn] = await simulateChat(bundle!, [{ text: TEXT }], {
    recognize,
    shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
    shopper: 'returning',
  });
  return turn!;
}

describe('the simulator runs the draft', () => {
  let published: FlowFiles;
  beforeAll(async () => {
    published = await readFlowFolder(ROOT_FLOWS);
  });
  const edit = (name: string, from: string, to: string): FlowFiles => {
    expect(published[name]).toContain(from);
    return { ...published, [name]: published[name]!.replace(from, to) };
  };

  it('published: two close intents below their thresholds → the clarifying question with both flows', async () => {
    const turn = await play(published);
    expect(turn.flow).toBeNull();
    expect(turn.replies[0]).toMatchObject({ type: 'quick_replies', text: '亲，您是想咨询哪一项呢？' });
    expect(turn.replies[0]!.buttons).toEqual(expect.arrayContaining(['物流查询']));
  });

  it("the draft's trigger threshold applies", async () => {
    const turn = await play(edit('logistics.yaml', 'threshold: 0.55', 'threshold: 0.4'));
    expect(turn.flow).toBe('logistics');
  });

  it("the draft's settings.yaml applies: clarify_floor and texts", async () => {
    let files = edit('settings.yaml', 'clarify_floor: 0.35', 'clarify_floor: 0.42');
    files = { ...files, 'settings.yaml': files['settings.yaml']!.replace(/not_understood: .*/, 'not_understood: 草稿里的没听懂') };
    const turn = await play(files);
    expect(turn.flow).toBeNull();
    expect(turn.replies.map((r) => r.text)).toEqual(['草稿里的没听懂']);
  });
});
