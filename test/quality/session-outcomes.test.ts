/**
 * Conversation outcomes end to end: scripted chats through a whole kefu core (shipped flows, rules recogniser, real
 * Redis, SQLite) with an injected clock; the turns' quality events are kept on the service sessions as they are
 * logged, and the sessions are labelled once they ended.
 */
import { conversationKey, type ConversationRef } from '../../src/core/message';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { TypeormSessionOutcomes } from '../../src/store/session-outcome-store';
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

async function say(channel: TestChannel, ref: ConversationRef, text: string, at: number): Promise<string> {
  clock = at + 300;
  n += 1;
  await channel.handler!({ id: `q-${n}`, ref, receivedAt: at, kind: 'text', text });
  return channel
    .take(ref)
    .map((m) => (m.type === 'text' ? m.text : m.type))
    .join(' / ');
}

const ref = (channel: TestChannel, user: string): ConversationRef => ({ channel: channel.name, conversationId: `c-${user}`, userId: user });

it('labels each finished session from what its turns did', async () => {
  const test = kefu.channel;
  const resolved = ref(test, 'q-resolved');
  expect(await say(test, resolved, '有优惠券吗', T0)).toMatch(/coupon_card/);
  await say(test, resolved, '好的谢谢', T0 + 20_000);
  const ticket = ref(web, 'q-ticket');
  await say(web, ticket, '转人工', T0 + MIN);
  expect(await say(web, ticket, '麻烦把收货地址改成公司地址', T0 + 2 * MIN)).toMatch(/工单号/);
  const waiting = ref(test, 'q-waiting');
  expect(await say(test, waiting, '我的快递到哪了', T0 + 3 * MIN)).toMatch(/订单号/); // asks for the order id
  const fed = ref(test, 'q-fed-up');
  await say(test, fed, '有优惠券吗', T0 + 4 * MIN);
  await say(test, fed, '没用 算了', T0 + 5 * MIN);
  await kefu.core.recorder.flush();

  const outcomes = new TypeormSessionOutcomes(kefu.core.dataSource);
  expect(await outcomes.labelEnded(T0 + 20 * MIN)).toBe(0); // not ended yet
  expect(await outcomes.labelEnded(T0 + 40 * MIN)).toBe(4);
  const rows: { conversation_id: string; outcome: string; outcome_signals: string }[] = await kefu.core.dataSource.query(
    'SELECT conversation_id, outcome, outcome_signals FROM kefu_service_session',
  );
  const label = (r: ConversationRef): [string, string[]] | undefined => {
    const row = rows.find((x) => x.conversation_id === conversationKey(r));
    return row && [row.outcome, JSON.parse(row.outcome_signals) as string[]];
  };
  expect(label(resolved)).toEqual(['resolved', ['flow_done:coupon', 'thanks', 'ack']]);
  expect(label(ticket)).toEqual(['escalated', ['ticket']]);
  expect(label(waiting)).toEqual(['abandoned', ['waiting:logistics']]);
  expect(label(fed)).toEqual(['unresolved', ['negative:算了']]);
  // the stored trace keeps cues and fingerprints, never the shopper's words
  const traces: { quality_trace: string }[] = await kefu.core.dataSource.query('SELECT quality_trace FROM kefu_service_session');
  expect(traces.map((t) => t.quality_trace).join()).not.toMatch(/快递|地址|优惠券/);
});
