/**
 * CSAT and NPS asked in conversations (flows/satisfaction.yaml), end to end on a whole kefu core: real Redis, a SQLite
 * store, the shipped flows and an injected clock. The answers are read back from `kefu_survey_response` and through the
 * service KPIs.
 */
import { conversationKey, outboundToText } from '../../src/core/message';
import { SurveyResponseEntity } from '../../src/store/entities/survey-response.entity';
import { Conversation } from '../helpers/conversation';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const RATING = '请您对本次服务打个分吧';
const NPS = '您有多大可能把我们推荐给朋友';

let now = Date.parse('2025-11-20T10:00:00+08:00');
let kefu: KefuHarness;

beforeEach(async () => {
  now = Date.parse('2025-11-20T10:00:00+08:00');
  kefu = await createHarness({}, { now: () => now });
});
afterEach(() => kefu.close());

const answers = () =>
  kefu.core.dataSource.getRepository(SurveyResponseEntity).find({ order: { id: 'ASC' }, select: ['kind', 'score', 'userId', 'channel', 'conversationId', 'comment'] });

test('after an operator closes a handoff the inbox asks for a rating; the tapped answer and the NPS answer are stored and move the KPIs', async () => {
  const chat = kefu.chat('u-demo-1');
  await chat.send('转人工').expectAnyReply('人工客服');
  const key = conversationKey(chat.ref);
  // the agent inbox: the operator closes, the conversation goes back to the bot, which asks for a rating
  now += 10 * MIN;
  expect(await kefu.core.bot.release(key)).toBe(true);
  const started = await kefu.core.bot.startFlow({ ref: chat.ref, flowId: 'satisfaction', idempotencyKey: `csat:${key}:${now}` });
  expect(started).toEqual({ started: true, replies: 1 });
  const [question] = kefu.channel.take(chat.ref);
  expect(question).toMatchObject({ type: 'quick_replies', text: expect.stringContaining(RATING) });
  expect(question?.type === 'quick_replies' && question.replies.map((r) => r.title)).toEqual(['1分 非常不满意', '2分 不满意', '3分 一般', '4分 满意', '5分 非常满意']);

  await chat.click('5分 非常满意').expectReply('收到您的评价').expectReply(NPS).send('9').expectReply('谢谢您的支持').expectSilence();
  expect(await answers()).toEqual([
    { kind: 'csat', score: 5, userId: expect.any(String), channel: 'test', conversationId: key, comment: null },
    { kind: 'nps', score: 9, userId: expect.any(String), channel: 'test', conversationId: key, comment: null },
  ]);
  const report = await kefu.core.kpis.report({ from: new Date(now - DAY), to: new Date(now + DAY) });
  expect(report.totals.csat).toEqual({ responses: 1, satisfied: 1, score: 1 });
  expect(report.totals.nps).toEqual({ responses: 1, promoters: 1, detractors: 0, score: 100 });
});

test('a solved request asks once per service session; NPS is asked once, not again within 90 days, and again after', async () => {
  const chat = kefu.chat('u-demo-1');
  // a solved request: the rating question follows the answer; typed words count
  await chat.send('我的快递到哪了').expectReply('运输中').expectCard('order_card').expectReply(RATING);
  await chat.send('挺满意的').expectReply('收到您的评价').expectReply(NPS).send('10').expectReply('谢谢您的支持');
  // the same session (no 30-minute gap): another solved request is not followed by the question
  now += 5 * MIN;
  await chat.send('发什么快递').expectReply('默认发中通').expectSilence();

  // ten days later, a new session: the rating is asked again, NPS is not (asked 10 days ago)
  now += 10 * DAY;
  await chat.send('发什么快递').expectReply('默认发中通').expectReply(RATING);
  await chat.send('还行吧').expectReply('收到您的评价').expectSilence();

  // 91 days after the first NPS question it is asked again
  now += 81 * DAY;
  await chat.send('发什么快递').expectReply('默认发中通').expectReply(RATING);
  await chat.send('五星').expectReply('收到您的评价').expectReply(NPS).send('6').expectReply('谢谢您的支持');

  expect((await answers()).map((a) => `${a.kind}:${a.score}`)).toEqual(['csat:4', 'nps:10', 'csat:3', 'csat:5', 'nps:6']);
  const report = await kefu.core.kpis.report({ from: new Date(now - 100 * DAY), to: new Date(now + DAY) });
  expect(report.totals.csat).toEqual({ responses: 3, satisfied: 2, score: 0.6667 });
  expect(report.totals.nps).toEqual({ responses: 2, promoters: 1, detractors: 1, score: 0 });
});

test('a low rating asks what went wrong and keeps the reason with the rating; ignoring the question serves the new request', async () => {
  const chat = kefu.chat('u-demo-1');
  await chat.send('我的快递到哪了').expectAnyReply(RATING);
  await chat.send('差评').expectReply('哪里做得不好').send('快递太慢了，客服也不回').expectReply((m) => {
    expect(m).toMatchObject({ type: 'quick_replies', replies: [{ title: '转人工' }, { title: '留言' }] });
  });
  expect(await answers()).toEqual([expect.objectContaining({ kind: 'csat', score: 1, comment: '快递太慢了，客服也不回' })]);

  // another shopper ignores the question and asks about the order: served, and the question is not asked again
  const other = kefu.chat('u-demo-2');
  await other.send('发什么快递').expectReply('默认发中通').expectReply(RATING);
  await other.send('我要退货').expectReply((m) => expect(m).toMatchObject({ type: 'quick_replies', text: expect.stringContaining('原因') }));
  await other
    .click('不喜欢')
    .expectReply(/退货申请已提交.*7 天无理由.*原路退回/)
    .expectReply((m) => expect(m.type).toBe('order_card'))
    .expectSilence();
  expect(await answers()).toHaveLength(1);
});

test('on a door without buttons the scores come as a numbered list whose numbers are the scores', async () => {
  const textOnly = new TestChannel('test-text', { outbound: ['text', 'handoff'] });
  kefu.core.router.add(textOnly);
  await textOnly.start(async (message) => void (await kefu.core.bot.handle(message)));
  const chat = new Conversation(textOnly, 'u-demo-3');
  await chat.send('发什么快递').expectReply('默认发中通').expectReply((m) => {
    expect(outboundToText(m)).toBe(`${RATING}～\n1. 1分 非常不满意\n2. 2分 不满意\n3. 3分 一般\n4. 4分 满意\n5. 5分 非常满意`);
    expect(m.type).toBe('text');
  });
  await chat.send('4').expectReply('收到您的评价');
  expect((await answers()).map((a) => `${a.channel}:${a.kind}:${a.score}`)).toEqual(['test-text:csat:4']);
});
