import { outboundToText, type InboundMessage } from '../../../src/core/message';
import { recognitionFromScores } from '../../../src/core/recognizer';
import type { TurnOutput } from '../../../src/flows/engine-types';
import { EngineChat } from '../support/engine-harness';

/** `TurnInput.start`: outreach starts a flow by id (a proactive trigger's `start:`), fixture flows in fixtures/engine. */
describe('starting a flow proactively', () => {
  const start = async (chat: EngineChat, flowId: string, options: { now?: number; skipIfEnteredWithinMs?: number } = {}): Promise<TurnOutput> => {
    const message: InboundMessage = { id: 'outreach:k', ref: { channel: 'test', conversationId: 'c1', userId: 'u-1' }, kind: 'event', event: { type: 'parcel_arrived' }, receivedAt: 0 };
    const out = await chat.engine.runTurn({
      message,
      user: chat.user,
      recognition: recognitionFromScores('', {}),
      state: chat.state,
      now: options.now ?? 1,
      start: flowId,
      ...(options.skipIfEnteredWithinMs !== undefined ? { skipIfEnteredWithinMs: options.skipIfEnteredWithinMs } : {}),
    });
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

  test('an intent prediction does not start a flow the shopper finished a short while ago (recently_served); other starts do', async () => {
    const chat = await EngineChat.create();
    await chat.send('快递到哪了');
    await chat.send('SO2025110100012');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中']); // the logistics flow ran and ended
    const HOUR = 3_600_000;
    const prediction = await start(chat, 'logistics', { now: 10, skipIfEnteredWithinMs: 6 * HOUR });
    expect([prediction.notStarted, prediction.replies]).toEqual(['recently_served', []]);
    const trigger = await start(chat, 'logistics', { now: 11 }); // a trigger's own start (an order event) still runs
    expect([trigger.notStarted, trigger.startedFlow]).toEqual([undefined, 'logistics']);
    await chat.send('SO2025110100012');
    const later = await start(chat, 'logistics', { now: 7 * HOUR, skipIfEnteredWithinMs: 6 * HOUR });
    expect([later.notStarted, later.startedFlow]).toEqual([undefined, 'logistics']);
  });

  test('a prediction finding the shopper in that flow: recently served, unless it is its own start run again after a crash', async () => {
    const skip = { skipIfEnteredWithinMs: 6 * 3_600_000 };
    const asked = await EngineChat.create();
    await asked.send('快递到哪了'); // the logistics flow waits for the order number
    expect((await start(asked, 'logistics', { now: 10, ...skip })).notStarted).toBe('recently_served');
    const own = await EngineChat.create();
    expect((await start(own, 'logistics', { now: 1, ...skip })).startedFlow).toBe('logistics');
    expect((await start(own, 'logistics', { now: 2, ...skip })).notStarted).toBe('already_active'); // same job, same turn id
  });
});
