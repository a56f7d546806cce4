import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DemoCommerce } from '../../src/commerce/demo-store';
import type { Coupon } from '../../src/commerce/gateway';
import type { SendOptions } from '../../src/core/channel-adapter';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import { outboundToText } from '../../src/core/message';
import { idempotencyKeyOf } from '../../src/outreach/job-types';
import { startFakeMerchant, type FakeMerchant } from '../commerce/fake-merchant';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { pollUntil } from '../helpers/wait-until';

jest.setTimeout(60_000);

// A flow started by outreach whose first step gives a coupon, then says so.
const GIFT_FLOW = `flow: winback_gift
title: 回归礼
triggers:
  - keywords: [测试回归礼]
steps:
  - id: give
    action: coupon.issue
    args: { template: REPURCHASE_10 }
    as: coupon
  - id: tell
    say: 亲，好久不见～送您一张券 {{ vars.coupon.code }}，已经放进您的账户啦🎁
  - id: tag
    action: user.tag
    args: { tag: 回归礼已发 }
proactive:
  - id: winback_gift_start
    on: winback_due
    subject: payload.round
    kind: service
    start: winback_gift
`;

/** A merchant whose coupon API is not idempotent: every POST issues a new coupon (many shops work so). */
function everyRequestIssues(issued: Coupon[]): DemoCommerce {
  const shop = new DemoCommerce();
  const issue = shop.issueCoupon.bind(shop);
  shop.issueCoupon = async (userId, templateId) => {
    const coupon = { ...(await issue(userId, templateId)), code: `RB${String(issued.length + 1).padStart(6, '0')}` };
    issued.push(coupon);
    return coupon;
  };
  return shop;
}

describe('a start: flow whose first reply fails: the job retries, the reply goes out again, its actions ran once', () => {
  let kefu: KefuHarness;
  let merchant: FakeMerchant;
  let flowsDir: string;
  const issued: Coupon[] = [];
  const attempts: string[] = [];

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-flows-'));
    cpSync(path.resolve(__dirname, '../../flows'), flowsDir, { recursive: true });
    writeFileSync(path.join(flowsDir, 'winback-gift.yaml'), GIFT_FLOW);
    merchant = await startFakeMerchant('t0ken', everyRequestIssues(issued));
    kefu = await createHarness({ flowsDir, quietHours: 'off', commerce: 'http', commerceUrl: merchant.url, commerceToken: 't0ken' });
    // the channel times out on the flow's first reply once
    const send = kefu.channel.send.bind(kefu.channel);
    kefu.channel.send = async (ref: ConversationRef, message: OutboundMessage, options?: SendOptions) => {
      const key = options?.idempotencyKey ?? '';
      if (key.startsWith('winback_gift_start.')) {
        attempts.push(key);
        if (attempts.length === 1) throw new Error('channel timeout');
      }
      return send(ref, message);
    };
    kefu.core.outreach.startWorkers({ channels: ['test'], worker: { drainDelay: 1 } });
  });
  afterAll(async () => {
    await kefu?.close();
    await merchant?.close();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  it('the shopper gets the message once and the shop issued ONE coupon, the one the message names', async () => {
    const chat = kefu.chat(`gift-${randomUUID().slice(0, 6)}`);
    await chat.send('你好').skipReplies();
    await kefu.core.recorder.flush();
    const { id: userId } = await kefu.core.users.resolve('test', chat.ref.userId);
    kefu.channel.take(chat.ref);
    const result = await kefu.core.outreach.scheduler.handleEvent({
      id: `ev-${randomUUID()}`,
      type: 'winback_due',
      userId,
      at: Date.now(),
      payload: { round: 'r1' },
    });
    const jobId = 'winback_gift_start.r1';
    expect(result.scheduled).toEqual([jobId]);
    const job = await kefu.core.outreach.queues.due.getJob(jobId);
    const key = idempotencyKeyOf(jobId, job!.timestamp);
    const sendQueue = kefu.core.outreach.queues.send('test');
    await pollUntil(
      () => sendQueue.getJobState(key),
      (state) => state === 'completed',
      30_000,
      'the send job to complete',
    );

    expect((await sendQueue.getJob(key))!.attemptsMade).toBe(2); // the first attempt failed, the retry delivered
    expect(attempts.filter((k) => k === `${key}#0`)).toHaveLength(2); // the first reply, sent again by the retry
    const got = kefu.channel.take(chat.ref).map(outboundToText);
    const told = got.filter((text) => text.includes('送您一张券'));
    expect(told).toHaveLength(1);
    const gifts = issued.filter((c) => c.templateId === 'REPURCHASE_10');
    expect(gifts.map((c) => c.userId)).toEqual([userId]);
    expect(told[0]).toContain(`送您一张券 ${gifts[0]!.code}`);
    expect(merchant.seen.filter((s) => s.line.startsWith('POST ') && s.line.endsWith('/coupons'))).toHaveLength(issued.length);
    // the action's request to the turn (a profile tag) is replayed on the retry, so it holds after the delivered run
    const user = await kefu.core.users.get(userId);
    expect(user?.tags).toContain('回归礼已发');
  });
});
