import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { SendOptions } from '../../src/core/channel-adapter';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import { outboundToText } from '../../src/core/message';
import type { KefuEvent } from '../../src/events/event';
import { idempotencyKeyOf } from '../../src/outreach/job-types';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { pollUntil } from '../helpers/wait-until';

jest.setTimeout(60_000);

// A shop's own flow, started by outreach when a parcel arrives; its first turn sees the event.
const PARCEL_FLOW = `flow: parcel_check
title: 签收关怀
triggers:
  - keywords: [测试签收关怀]
steps:
  - id: arrived
    say: 亲，您的{{ event.payload.title }}已经签收啦📦
  - id: ask_feeling
    ask: 用着还满意吗？
    slot: feeling
    expect: choice
    options: [很满意, 有问题]
    retry: 点下面的按钮选一个就好～
  - id: thanks
    say: 收到您的反馈「{{ slots.feeling }}」，谢谢亲～
proactive:
  - id: parcel_check_start
    on: parcel_arrived
    subject: payload.orderId
    kind: service
    start: parcel_check
`;

describe('a start: trigger runs its flow in the shopper’s conversation: event → BullMQ → policy → flow → channel', () => {
  let kefu: KefuHarness;
  let flowsDir: string;
  const sent: { message: OutboundMessage; key?: string }[] = [];
  let n = 0;

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-flows-'));
    cpSync(path.resolve(__dirname, '../../flows'), flowsDir, { recursive: true });
    writeFileSync(path.join(flowsDir, 'parcel-check.yaml'), PARCEL_FLOW);
    kefu = await createHarness({ flowsDir, quietHours: 'off' });
    // what the channel adapter is given, idempotency keys included
    const send = kefu.channel.send.bind(kefu.channel);
    kefu.channel.send = async (ref: ConversationRef, message: OutboundMessage, options?: SendOptions) => {
      sent.push({ message, key: options?.idempotencyKey });
      return send(ref, message);
    };
    kefu.core.outreach.startWorkers({ channels: ['test'], worker: { drainDelay: 1 } });
  });
  afterAll(async () => {
    await kefu?.close();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  /** A shopper who has written once (so outreach knows their conversation), and their kefu user id. */
  const shopper = async (name: string, first = '你好') => {
    const chat = kefu.chat(`${name}-${randomUUID().slice(0, 6)}`);
    await chat.send(first).skipReplies();
    await kefu.core.recorder.flush();
    const user = await kefu.core.users.resolve('test', chat.ref.userId);
    sent.length = 0;
    return { chat, userId: user.id };
  };
  const parcelArrived = async (userId: string) => {
    const orderId = `o-${++n}`;
    const event: KefuEvent = {
      id: `ev-${randomUUID()}`,
      type: 'parcel_arrived',
      userId,
      at: Date.now(),
      payload: { orderId, title: '加绒连帽卫衣' },
    };
    const result = await kefu.core.outreach.scheduler.handleEvent(event);
    expect(result.scheduled).toEqual([`parcel_check_start.${orderId}`]);
    return `parcel_check_start.${orderId}`;
  };
  const failedReason = async (queue: 'due' | 'send', jobId: string) => {
    const q = queue === 'due' ? kefu.core.outreach.queues.due : kefu.core.outreach.queues.send('test');
    const job = await pollUntil(
      async () => q.getJob(jobId),
      (j) => j !== undefined && j.failedReason !== undefined && j.failedReason !== '',
      15_000,
      `${queue} job ${jobId} to fail`,
    );
    return job!.failedReason;
  };

  it('the shopper gets the flow’s first messages (one idempotency key per reply) and their answer continues the flow', async () => {
    const { chat, userId } = await shopper('start');
    const counted = jest.spyOn(kefu.core.outreach.ledger, 'recordOutbound');
    const jobId = await parcelArrived(userId);
    await pollUntil(
      async () => kefu.channel.sentTo(chat.ref).length,
      (count) => count >= 2,
      15_000,
      'the flow’s first messages',
    );

    const first = kefu.channel.take(chat.ref);
    expect(first.map(outboundToText)).toEqual([
      expect.stringContaining('亲，您的加绒连帽卫衣已经签收啦'),
      expect.stringContaining('用着还满意吗'),
    ]);
    expect(first[1]).toMatchObject({ type: 'quick_replies', replies: [{ title: '很满意' }, { title: '有问题' }] });
    const job = await kefu.core.outreach.queues.due.getJob(jobId);
    const key = idempotencyKeyOf(jobId, job!.timestamp);
    expect(sent.map((s) => s.key)).toEqual([`${key}#0`, `${key}#1`]);
    // the first reply was counted when the send was reserved; the channel window counts the others as replies
    await pollUntil(
      () => kefu.core.outreach.queues.send('test').getJobState(key),
      (state) => state === 'completed',
      15_000,
      'the send job',
    );
    expect(counted.mock.calls).toEqual([['test', userId]]);
    counted.mockRestore();

    await chat.click('很满意').expectAnyReply('收到您的反馈「很满意」，谢谢亲～');
    await kefu.core.recorder.flush();
    const history = await kefu.core.conversations.history(`test:-:${chat.ref.conversationId}`, 20);
    expect(history.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('已经签收啦'), expect.stringContaining('收到您的反馈')]),
    );
  });

  it('an opted-out shopper gets nothing: the job is suppressed before any flow runs', async () => {
    const { chat, userId } = await shopper('optout');
    await kefu.core.users.update(userId, { optedOut: true });
    const jobId = await parcelArrived(userId);
    expect(await failedReason('due', jobId)).toBe('suppressed:opted_out');
    expect(kefu.channel.sentTo(chat.ref)).toEqual([]);
    const state = await kefu.core.state.load(`test:-:${chat.ref.conversationId}`);
    expect([...state!.stack, ...state!.suspended].map((f) => f.flowId)).not.toContain('parcel_check');
  });

  it('a conversation with a human operator is left alone: suppressed as conversation_busy, its cap slot given back', async () => {
    const { chat, userId } = await shopper('human', '转人工');
    const jobId = await parcelArrived(userId);
    const job = await kefu.core.outreach.queues.due.getJob(jobId);
    const key = idempotencyKeyOf(jobId, job!.timestamp);
    expect(await failedReason('send', key)).toBe('suppressed:conversation_busy');
    expect(kefu.channel.sentTo(chat.ref)).toEqual([]);
    const caps = kefu.core.outreach.context.keys.caps(userId);
    expect(await kefu.core.redis.redis.zscore(caps, key)).toBeNull();
    expect((await kefu.core.state.load(`test:-:${chat.ref.conversationId}`))?.mode).toBe('handoff');
  });
});
