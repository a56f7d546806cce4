import type { DataSource } from 'typeorm';
import { recordDay } from '../../src/flows/actions/service-records';
import {
  ConversationEntity,
  MessageLogEntity,
  OrderAttributionEntity,
  ServiceSessionEntity,
  SurveyResponseEntity,
  TicketEntity,
} from '../../src/store/entities';
import { bulkInsert } from './bulk-insert';
import type { SeededRandom } from './random';
import { HOUR, MINUTE, SeedPeriod } from './seed-period';

/** The four doors and their share of conversations. */
export const CHANNELS: readonly (readonly [string, number])[] = [
  ['web', 35],
  ['wechat-official', 30],
  ['wecom-kf', 20],
  ['wechaty', 15],
];

/** Session topics (flow or intent names) and how often shoppers ask about them. */
const TOPICS: readonly (readonly [string | null, number])[] = [
  ['logistics', 22],
  ['product_question', 18],
  ['returns', 12],
  ['coupon', 10],
  ['size_advice', 9],
  ['order_status', 8],
  ['invoice', 4],
  ['complaint', 4],
  ['payment', 5],
  [null, 8],
];

const TEXTS = ['你好', '我的快递到哪了', '这件卫衣有XL吗', '有优惠券吗', '怎么退货', '在吗', '发什么快递', '谢谢'];

/** Row counts written by {@link seedServiceData}, per table. */
export interface ServiceSeedCounts {
  conversations: number;
  sessions: number;
  messages: number;
  handedOff: number;
  tickets: number;
  attributions: number;
  surveys: number;
}

/** Options of {@link seedServiceData}. */
export interface ServiceSeedOptions {
  conversations: number;
  period: SeedPeriod;
  random: SeededRandom;
  timeZone: string;
}

type Rows = Record<string, unknown[]>;
const rows = (...names: string[]): Rows => Object.fromEntries(names.map((n) => [n, []]));
function push(target: Rows, row: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(row)) target[k]!.push(v);
}

/**
 * Seeds conversations over the period on the four doors: each with one to three service sessions (a second one
 * about the same topic within 24 h reopens the first), the shopper messages and replies of the message log, handoffs,
 * tickets left during a session, chat cards credited with a paid order, and CSAT / NPS answers.
 */
export async function seedServiceData(ds: DataSource, o: ServiceSeedOptions): Promise<ServiceSeedCounts> {
  const { random, period, timeZone } = o;
  const users = Math.max(1, Math.round(o.conversations * 0.7));
  const conv = rows('id', 'channel', 'ref', 'userId', 'slots', 'status', 'mode', 'turns', 'startedAt', 'updatedAt');
  const sess = rows(
    'conversationId',
    'userId',
    'channel',
    'day',
    'startedAt',
    'lastAt',
    'firstResponseMs',
    'messages',
    'topic',
    'handedOff',
    'reopened',
  );
  const msgs = rows('conversationId', 'userId', 'direction', 'kind', 'text', 'payload', 'intent', 'flowId', 'createdAt');
  const tickets = rows('day', 'seq', 'userId', 'channel', 'conversation', 'text', 'status', 'createdAt', 'dueBy');
  const attrs = rows(
    'orderId',
    'userId',
    'amount',
    'credit',
    'channel',
    'conversationId',
    'chat',
    'touchRef',
    'touchAt',
    'paidAt',
    'createdAt',
  );
  const surveys = rows('kind', 'score', 'userId', 'channel', 'conversationId', 'day', 'createdAt');
  const ticketSeq = new Map<string, number>();
  let handedOff = 0;
  for (let i = 0; i < o.conversations; i++) {
    const channel = random.pick(CHANNELS);
    const userId = `u-${random.int(users).toString().padStart(7, '0')}`;
    const id = `${channel}:${channel === 'web' ? '-' : 'gh_bench'}:c-${i}`;
    const wanted = 1 + (random.chance(0.2) ? 1 : 0) + (random.chance(0.05) ? 1 : 0);
    let at = period.moment(random);
    let first = at;
    let last = at;
    let turns = 0;
    for (let s = 0; s < wanted && at < period.end; s++) {
      const previous = sess.topic!.length - 1;
      const sameTopic = s > 0 && random.chance(0.4);
      const topic = sameTopic ? (sess.topic![previous] as string | null) : random.pick(TOPICS);
      const messages = 1 + Math.min(7, Math.floor(random.logNormal(1.6, 0.7)));
      const handoff = random.chance(topic === 'complaint' ? 0.45 : 0.09);
      const answered = !random.chance(0.03);
      const firstResponseMs = answered ? Math.max(80, Math.round(random.logNormal(handoff ? 2500 : 700, 0.9))) : null;
      let t = at;
      for (let m = 0; m < messages; m++) {
        if (m > 0) t += Math.round(random.logNormal(40_000, 0.8));
        const text = TEXTS[random.int(TEXTS.length)]!;
        push(msgs, {
          conversationId: id,
          userId,
          direction: 'in',
          kind: 'text',
          text,
          payload: null,
          intent: topic,
          flowId: topic,
          createdAt: new Date(t),
        });
        if (answered) {
          const reply = { type: 'text', text: '亲，这边帮您查一下哦～' };
          push(msgs, {
            conversationId: id,
            userId,
            direction: 'out',
            kind: 'text',
            text: reply.text,
            payload: JSON.stringify(reply),
            intent: null,
            flowId: topic,
            createdAt: new Date(t + (m === 0 ? firstResponseMs! : 600)),
          });
        }
      }
      const lastAt = answered ? t + (messages === 1 ? firstResponseMs! : 600) : t;
      if (sameTopic && sess.lastAt![previous] && (sess.lastAt![previous] as Date).getTime() + 24 * HOUR >= at) sess.reopened![previous] = 1;
      push(sess, {
        conversationId: id,
        userId,
        channel,
        day: recordDay(at, timeZone),
        startedAt: new Date(at),
        lastAt: new Date(lastAt),
        firstResponseMs,
        messages,
        topic,
        handedOff: handoff ? 1 : 0,
        reopened: 0,
      });
      if (handoff) handedOff += 1;
      if (random.chance(handoff ? 0.15 : 0.025)) {
        const createdAt = at + random.int(Math.max(1, lastAt - at));
        const day = recordDay(createdAt, timeZone);
        const seq = (ticketSeq.get(day) ?? 0) + 1;
        ticketSeq.set(day, seq);
        push(tickets, {
          day,
          seq,
          userId,
          channel,
          conversation: id,
          text: '麻烦尽快联系我，想改收货地址',
          status: random.chance(0.8) ? 'done' : 'open',
          createdAt: new Date(createdAt),
          dueBy: new Date(createdAt + 4 * HOUR),
        });
      }
      if (topic !== null && random.chance(topic === 'product_question' || topic === 'coupon' || topic === 'size_advice' ? 0.09 : 0.02)) {
        const chat = topic === 'coupon' ? 'coupon' : 'product';
        const touchAt = at + random.int(Math.max(1, lastAt - at));
        const paidAt = touchAt + Math.round(random.logNormal(40 * MINUTE, 1.2));
        push(attrs, {
          orderId: `OC${attrs.orderId!.length}`,
          userId,
          amount: Math.round(random.logNormal(129, 0.6) * 100) / 100,
          credit: chat,
          channel,
          conversationId: id,
          chat,
          touchRef: chat === 'coupon' ? 'Q-MAN300-50' : `P${1000 + random.int(400)}`,
          touchAt: new Date(touchAt),
          paidAt: new Date(paidAt),
          createdAt: new Date(paidAt + 2000),
        });
      }
      const survey = random.chance(0.15) ? 'csat' : random.chance(0.02) ? 'nps' : undefined;
      if (survey !== undefined && lastAt + MINUTE < period.end) {
        const score = survey === 'csat' ? random.pick(CSAT) : random.pick(NPS);
        push(surveys, {
          kind: survey,
          score,
          userId,
          channel,
          conversationId: id,
          day: recordDay(lastAt + 30_000, timeZone),
          createdAt: new Date(lastAt + 30_000),
        });
      }
      turns += messages;
      last = lastAt;
      first = Math.min(first, at);
      at = lastAt + 40 * MINUTE + Math.round(random.logNormal(sameTopic ? 3 * HOUR : 2 * 24 * HOUR, 1));
    }
    const ref = { channel, conversationId: id.split(':').slice(2).join(':'), userId };
    push(conv, {
      id,
      channel,
      ref: JSON.stringify(ref),
      userId,
      slots: '{}',
      status: 'closed',
      mode: 'bot',
      turns,
      startedAt: new Date(first),
      updatedAt: new Date(last),
    });
  }
  await bulkInsert(ds, ConversationEntity, conv);
  await bulkInsert(ds, ServiceSessionEntity, sess);
  await bulkInsert(ds, MessageLogEntity, msgs);
  await bulkInsert(ds, TicketEntity, tickets);
  await bulkInsert(ds, OrderAttributionEntity, attrs);
  await bulkInsert(ds, SurveyResponseEntity, surveys);
  return {
    conversations: conv.id!.length,
    sessions: sess.day!.length,
    messages: msgs.kind!.length,
    handedOff,
    tickets: tickets.day!.length,
    attributions: attrs.orderId!.length,
    surveys: surveys.kind!.length,
  };
}

const CSAT: readonly (readonly [number, number])[] = [
  [5, 55],
  [4, 25],
  [3, 10],
  [2, 4],
  [1, 6],
];
const NPS: readonly (readonly [number, number])[] = [
  [10, 30],
  [9, 25],
  [8, 15],
  [7, 10],
  [6, 6],
  [5, 4],
  [4, 2],
  [3, 2],
  [2, 2],
  [1, 2],
  [0, 2],
];
