/**
 * Service KPIs from scripted conversations through a whole kefu core (shipped flows, rules recogniser, real Redis,
 * SQLite) with an injected clock, so every reply has a known delay and the figures are exact.
 */
import { conversationKey, type ConversationRef, type OutboundMessage } from '../../src/core/message';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';

/** Monday 2026-11-30 10:00 in Shanghai: inside the shipped service hours. */
const T0 = Date.parse('2026-11-30T02:00:00.000Z');
const MIN = 60_000;

let clock = T0;
let kefu: KefuHarness;
let web: TestChannel;
let n = 0;

beforeAll(async () => {
  kefu = await createHarness({}, { commerce: new DemoCommerce(), now: () => clock });
  web = new TestChannel('web'); // no human agents on web in flows/settings.yaml: 转人工 leaves a message (ticket)
  kefu.core.router.add(web);
  await web.start(async (message) => void (await kefu.core.bot.handle(message)));
});

afterAll(async () => {
  await kefu?.close();
});

/** The shopper's message arrives at `at`; the bot's replies are ready `delayMs` later. */
async function say(
  channel: TestChannel,
  ref: ConversationRef,
  text: string,
  at: number,
  delayMs: number,
  click = false,
): Promise<OutboundMessage[]> {
  clock = at + delayMs;
  n += 1;
  const base = { id: `kpi-${n}`, ref, receivedAt: at };
  await channel.handler!(click ? { ...base, kind: 'postback', text, postback: text } : { ...base, kind: 'text', text });
  return channel.take(ref);
}

const ref = (channel: TestChannel, user: string): ConversationRef => ({ channel: channel.name, conversationId: `c-${user}`, userId: user });

it('computes first response, resolution, escalation and conversion per channel and day from the stored turns', async () => {
  const test = kefu.channel;
  // s1: greeted, shown products and bought one → bot-resolved, first contact, converted (800 ms)
  const a = ref(test, 'kpi-a');
  expect(await say(test, a, '你好', T0, 800)).not.toHaveLength(0);
  const shown = await say(test, a, '美妆', T0 + 10_000, 100, true);
  const product = shown.find((m) => m.type === 'product_card');
  if (product?.type !== 'product_card') throw new Error(`expected a product card, got ${shown.map((m) => m.type).join(', ')}`);
  // s2: asks for a human on a door with agents → handed off (1.5 s)
  expect(await say(test, ref(test, 'kpi-b'), '转人工', T0 + 1 * MIN, 1500)).not.toHaveLength(0);
  // s3: a logistics question (3 s) … s4: the same question 20 h later, the next day (0.5 s) → s3 was not resolved first time
  const c = ref(test, 'kpi-c');
  expect(await say(test, c, '我的快递到哪了', T0 + 2 * MIN, 3000)).not.toHaveLength(0);
  expect(await say(test, c, '我的快递到哪了', T0 + 2 * MIN + 20 * 60 * MIN, 500)).not.toHaveLength(0);
  // s5: web has no agents: 转人工 asks for a message (2 s), the message becomes a ticket
  const d = ref(web, 'kpi-d');
  expect(await say(web, d, '转人工', T0 + 3 * MIN, 2000)).not.toHaveLength(0);
  const left = await say(web, d, '麻烦把收货地址改成公司地址，谢谢', T0 + 4 * MIN, 700);
  expect(left.map((m) => (m.type === 'text' ? m.text : '')).join()).toMatch(/工单号/);
  await kefu.core.recorder.flush();
  const user = await kefu.core.users.resolve(test.name, 'kpi-a');
  await kefu.core.outreach.scheduler.handleEvent({
    id: 'evt-kpi-paid',
    type: 'order_paid',
    userId: user.id,
    at: T0 + 30 * MIN,
    payload: { orderId: 'o-kpi-1', total: product.product.price, items: [{ productId: product.product.id }] },
  });

  const report = await kefu.core.kpis.report({ from: new Date(T0 - MIN), to: new Date(T0 + 2 * 24 * 60 * MIN) });
  expect(report.totals).toEqual({
    sessions: 5,
    answered: 5,
    handedOff: 1,
    tickets: 1,
    escalated: 2,
    botResolved: 3,
    firstContactResolved: 2,
    converted: 1,
    firstResponseMs: { p50: 1500, p95: 3000 }, // 500, 800, 1500, 2000, 3000
    rates: { botResolution: 0.6, firstContactResolution: 0.4, escalation: 0.4, handoff: 0.2, conversion: 0.2 },
    csat: { responses: 0, satisfied: 0, score: null }, // not asked by the shipped flows
    nps: { responses: 0, promoters: 0, detractors: 0, score: null },
    quality: expect.objectContaining({ labelled: expect.any(Number) }), // labelled in test/quality/session-outcomes.test.ts
  });
  expect(report.byChannel.test).toMatchObject({ sessions: 4, handedOff: 1, tickets: 0, firstResponseMs: { p50: 800, p95: 3000 } });
  expect(report.byChannel.web).toMatchObject({ sessions: 1, tickets: 1, botResolved: 0, firstResponseMs: { p50: 2000, p95: 2000 } });
  expect(report.daily.map((d) => [d.day, d.sessions, d.firstResponseMs.p50, d.firstResponseMs.p95])).toEqual([
    ['2026-11-30', 4, 1500, 3000],
    ['2026-12-01', 1, 500, 500],
    ['2026-12-02', 0, null, null],
  ]);

  const webOnly = await kefu.core.kpis.report({ from: new Date(T0 - MIN), to: new Date(T0 + 60 * MIN), channel: 'web' });
  expect(webOnly.totals).toMatchObject({ sessions: 1, tickets: 1, escalated: 1, rates: { escalation: 1 } });
  expect(Object.keys(webOnly.byChannel)).toEqual(['web']);
  const rows = await kefu.core.dataSource.query('SELECT conversation_id, topic, reopened FROM kefu_service_session ORDER BY id');
  expect(rows).toContainEqual({ conversation_id: conversationKey(c), topic: 'logistics', reopened: 1 });
});
