import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { outboundToText, type InboundMessage } from '../../../src/core/message';
import { recognitionFromScores } from '../../../src/core/recognizer';
import type { TurnOutput } from '../../../src/flows/engine-types';
import { RedisActionResults } from '../../../src/store/redis-action-results';
import { EngineChat, fixtureActions, registryOf } from '../support/engine-harness';

/**
 * `TurnInput.actionKey` (an outreach job's key on a proactive start): each run of the same job finds its actions' first
 * results on real Redis and replays what they asked of the turn, instead of running them again.
 */
describe('actions of a keyed proactive start run once per key', () => {
  let redis: Redis;
  let prefix: string;
  let calls: string[];
  let chat: EngineChat;

  beforeEach(async () => {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
    prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
    calls = [];
    const fixtures = fixtureActions(calls);
    const handoff = fixtures.get('handoff.human')!;
    const actions = registryOf({
      ...Object.fromEntries(fixtures.names().map((name) => [name, fixtures.get(name)!])),
      'handoff.human': async (args, ctx) => (calls.push('handoff.human'), handoff(args, ctx)),
    });
    chat = await EngineChat.create('engine', { actions, actionResults: new RedisActionResults(redis, prefix) });
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  /** One run of the job: always from the state before it (a failed run saves nothing). */
  const start = (flowId: string, actionKey?: string): Promise<TurnOutput> => {
    const message: InboundMessage = { id: `outreach:${actionKey ?? 'none'}`, ref: { channel: 'test', conversationId: 'c1', userId: 'u-1' }, kind: 'event', event: { type: 'outreach' }, receivedAt: 0 };
    return chat.engine.runTurn({
      message,
      user: chat.user,
      recognition: recognitionFromScores('', {}),
      state: chat.state,
      now: 1,
      start: flowId,
      ...(actionKey !== undefined ? { actionKey } : {}),
    });
  };

  test('the retry gets the first coupon (same card, same reply) without issuing another', async () => {
    const first = await start('new_customer', 'job-1@1');
    const retry = await start('new_customer', 'job-1@1');
    expect(calls).toEqual(['coupon.issue:NEW_USER_20:给']);
    expect(retry.replies).toEqual(first.replies);
    expect(retry.replies.map((r) => r.type)).toContain('coupon_card');
    expect(retry.state.stack.at(-1)?.vars['coupon']).toEqual(first.state.stack.at(-1)?.vars['coupon']);
    await start('new_customer', 'job-2@1'); // another job: its own coupon
    expect(calls).toHaveLength(2);
  });

  test('what the action asked of the turn (handoff, profile tags) is replayed on the retry', async () => {
    const first = await start('human_handoff', 'job-h@1');
    const retry = await start('human_handoff', 'job-h@1');
    expect(calls).toEqual(['handoff.human']);
    expect(await redis.keys(`${prefix}:action:job-h@1:*`)).toEqual([`${prefix}:action:job-h@1:human_handoff/handoff:0`]);
    for (const out of [first, retry]) {
      expect(out.handoff).toEqual({ reason: '顾客要求' });
      expect(out.state.mode).toBe('handoff');
      expect(out.userPatch).toEqual({ tags: ['handoff'] });
      expect(out.replies.map(outboundToText)).toEqual(first.replies.map(outboundToText));
    }
  });

  test('a failed action keeps nothing (its retry runs it again); turns without a key just run their actions', async () => {
    const failing = await start('broken_action', 'job-f@1');
    expect(failing.replies.map(outboundToText)).toContain('出错了但有兜底');
    expect(await redis.keys(`${prefix}:action:*`)).toEqual([]);
    await start('new_customer');
    await start('new_customer');
    expect(calls).toEqual(['coupon.issue:NEW_USER_20:给', 'coupon.issue:NEW_USER_20:给']);
  });
});
