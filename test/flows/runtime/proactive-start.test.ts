import { outboundToText, type InboundMessage } from '../../../src/core/message';
import { recognitionFromScores } from '../../../src/core/recognizer';
import type { TurnOutput } from '../../../src/flows/engine-types';
import { EngineChat } from '../support/engine-harness';

/** `TurnInput.start`: outreach starts a flow by id (a proactive trigger's `start:`), fixture flows in fixtures/engine. */
describe('starting a flow proactively', () => {
  const start = async (chat: EngineChat, flowId: string): Promise<TurnOutput> => {
    const message: InboundMessage = { id: 'outreach:k', ref: { channel: 'test', conversationId: 'c1', userId: 'u-1' }, kind: 'event', event: { type: 'parcel_arrived' }, receivedAt: 0 };
    const out = await chat.engine.runTurn({ message, user: chat.user, recognition: recognitionFromScores('', {}), state: chat.state, now: 1, start: flowId });
    chat.state = out.state;
    return out;
  };

  test('runs the flow until it waits; the shopper’s answer continues it', async () => {
    const chat = await EngineChat.create();
    const out = await start(chat, 'logistics');
    expect([out.startedFlow, out.activeStep, out.notStarted]).toEqual(['logistics', 'ask_order', undefined]);
    expect(out.replies.map(outboundToText)).toEqual(['请发一下订单号～']);
    await chat.send('SO2025110100012');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中']);
  });

  test('suspends an interruptible flow in progress and resumes it after', async () => {
    const chat = await EngineChat.create();
    await chat.send('尺码');
    const out = await start(chat, 'logistics');
    expect(out.state.suspended.map((f) => f.flowId)).toEqual(['size_guide']);
    await chat.send('SO2025110100012');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中', '刚才的「尺码推荐」还需要继续吗？\n1. 继续\n2. 不用了']);
    await chat.send('继续');
    expect(chat.texts()).toEqual(['您平时穿什么尺码呢？']);
  });

  test('does not start, and says why, in a flow that may not be interrupted, in the flow itself, for an unknown flow, or with a human', async () => {
    const chat = await EngineChat.create();
    await chat.send('买几件');
    const busy = await start(chat, 'logistics');
    expect([busy.notStarted, busy.replies, busy.activeFlow]).toEqual(['not_interruptible', [], 'quantity']);
    expect((await start(chat, 'quantity')).notStarted).toBe('already_active');
    expect((await start(chat, 'no_such_flow')).notStarted).toBe('unknown_flow');
    chat.state = { ...chat.state, mode: 'handoff' };
    expect((await start(chat, 'logistics')).notStarted).toBe('handoff');
  });
});
