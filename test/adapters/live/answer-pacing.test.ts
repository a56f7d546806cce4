import { readFileSync } from 'node:fs';
import { parseLiveFlow } from '../../../adapters/live';
import { AnswerPlanner } from '../../../adapters/live/triage/answer-planner';
import { QuestionGroups } from '../../../adapters/live/triage/question-groups';
import { ANSWERS, PRODUCTS } from './live-rooms';

/** The shipped live flow with its pacing keys replaced. */
const flowWith = (pacing: string) =>
  parseLiveFlow(readFileSync(ANSWERS, 'utf8').replace(/^answer_every:.*\nroom_rate:.*$/m, pacing), 'answers.yaml');
const topic = (flow: ReturnType<typeof flowWith>, id: string) => flow.topics.find((t) => t.id === id)!;

describe('question groups over the sliding window', () => {
  it('drops a group with no question for longer than the window, and keeps one asked again', () => {
    const flow = flowWith('answer_every: 20s\nroom_rate: 6/min');
    const groups = new QuestionGroups({ windowMs: 60_000 });
    groups.add(topic(flow, 'free_shipping'), undefined, { uid: 'u1', name: '小王', at: 0 });
    groups.add(topic(flow, 'in_stock'), PRODUCTS[0], { uid: 'u2', name: '阿杰', at: 0 });
    groups.add(topic(flow, 'in_stock'), PRODUCTS[0], { uid: 'u3', name: '莉莉', at: 50_000 });
    groups.expire(60_000);
    expect(groups.top(10).map((g) => g.key)).toEqual(['in_stock#P1001', 'free_shipping']); // exactly the window: kept
    groups.expire(60_001);
    expect(groups.top(10).map((g) => g.key)).toEqual(['in_stock#P1001']);
    groups.expire(110_001);
    expect(groups.top(10)).toEqual([]);
    // asked again after expiry: a new group, counted from one
    expect(groups.add(topic(flow, 'free_shipping'), undefined, { uid: 'u1', name: '小王', at: 120_000 }).count).toBe(1);
  });
});

/** A clock time well after 0 (a group's answeredAt 0 means never answered). */
const T = 1_700_000_000_000;

describe('public answer pacing', () => {
  it('answers at most room_rate groups per minute, most asked first, and the rest when the minute has passed', () => {
    const flow = flowWith('answer_every: 20s\nroom_rate: 2/min');
    expect(flow.answersPerMinute).toBe(2);
    const groups = new QuestionGroups();
    const planner = new AnswerPlanner({ flow, gatherMs: 0 });
    const ask = (id: string, times: number, at: number) => {
      for (let i = 0; i < times; i++) groups.add(topic(flow, id), undefined, { uid: `${id}${i}`, name: `${id}${i}`, at });
    };
    ask('free_shipping', 4, T);
    ask('ship_time', 3, T);
    ask('price', 2, T);
    ask('size', 1, T);
    expect(planner.plan(groups.top(20), T + 1000).map((a) => a.groupKey)).toEqual(['free_shipping', 'ship_time']);
    expect(planner.plan(groups.top(20), T + 30_000)).toEqual([]); // the room's two answers this minute are spent
    expect(planner.plan(groups.top(20), T + 60_999)).toEqual([]);
    expect(planner.plan(groups.top(20), T + 61_000).map((a) => a.groupKey)).toEqual(['price', 'size']);
  });

  it('answers a group at most once per answer_every, naming only askers not named yet', () => {
    const flow = flowWith('answer_every: 20s\nroom_rate: 60/min');
    const groups = new QuestionGroups();
    const planner = new AnswerPlanner({ flow, gatherMs: 0 });
    const shipping = topic(flow, 'free_shipping');
    groups.add(shipping, undefined, { uid: 'u1', name: '小王', at: T });
    expect(planner.plan(groups.top(20), T).map((a) => a.text)).toEqual(['@小王 包邮的哦～偏远地区除外']);
    groups.add(shipping, undefined, { uid: 'u2', name: '阿杰', at: T + 5000 });
    expect(planner.plan(groups.top(20), T + 19_999)).toEqual([]);
    expect(planner.plan(groups.top(20), T + 20_000).map((a) => a.text)).toEqual(['@阿杰 包邮的哦～偏远地区除外']);
  });
});
