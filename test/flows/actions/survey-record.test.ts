import type { ActionContext } from '../../../src/flows/engine-types';
import { createActionRegistry, MemorySurveyResponses } from '../../../src/flows/actions';

const ref = { channel: 'web', conversationId: 'c1', userId: 'shopper-1' };
const ctx = { user: { id: 'u1' }, ref, now: 1_763_604_000_000 } as unknown as ActionContext;

function action() {
  const surveys = new MemorySurveyResponses();
  return { surveys, run: createActionRegistry({}, { surveys }).get('survey.record')! };
}

it('keeps a CSAT or NPS answer with the shopper, door and conversation, reading 5分 and full-width digits', async () => {
  const { surveys, run } = action();
  expect(await run({ kind: 'csat', score: '５分' }, ctx)).toEqual({ kind: 'csat', score: 5 });
  expect(await run({ kind: 'nps', score: 0 }, ctx)).toEqual({ kind: 'nps', score: 0 });
  expect(surveys.responses).toEqual([
    { kind: 'csat', score: 5, userId: 'u1', channel: 'web', conversation: 'web:-:c1', at: 1_763_604_000_000 },
    { kind: 'nps', score: 0, userId: 'u1', channel: 'web', conversation: 'web:-:c1', at: 1_763_604_000_000 },
  ]);
});

it('fails the step, saying how to fix it, for an unknown kind or a score out of range', async () => {
  const { surveys, run } = action();
  await expect(run({ kind: 'stars', score: '5' }, ctx)).rejects.toThrow(/unknown kind 'stars'.*Fix: use kind: csat \(1–5\) or kind: nps \(0–10\)/s);
  await expect(run({ kind: 'csat', score: '0' }, ctx)).rejects.toThrow(/outside 1–5.*Fix: ask with buttons 1–5/s);
  await expect(run({ kind: 'nps', score: '11' }, ctx)).rejects.toThrow(/outside 0–10/);
  await expect(run({ kind: 'csat', score: '很满意' }, ctx)).rejects.toThrow(/outside 1–5/);
  expect(surveys.responses).toEqual([]);
});
