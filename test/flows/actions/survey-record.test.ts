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

it('survey.comment keeps the reason with the latest rating of the conversation; survey.due asks NPS once per nps_every_days', async () => {
  const surveys = new MemorySurveyResponses();
  const actions = createActionRegistry({}, { surveys });
  await actions.get('survey.record')!({ kind: 'csat', score: '2' }, ctx);
  expect(await actions.get('survey.comment')!({ kind: 'csat', text: '回复太慢了' }, ctx)).toEqual({ kind: 'csat' });
  expect(surveys.responses[0]).toMatchObject({ score: 2, comment: '回复太慢了' });
  await expect(actions.get('survey.comment')!({ kind: 'nps', text: '…' }, ctx)).rejects.toThrow(/no nps answer.*Fix: record the rating first/s);

  const due = actions.get('survey.due')!;
  const patches: unknown[] = [];
  const settings = { surveys: { flow: 'satisfaction', nps_every_days: 30 } };
  const at = (now: number, npsAskedAt?: number) =>
    ({ ...ctx, now, settings, user: { id: 'u1', attributes: npsAskedAt ? { npsAskedAt } : {} }, updateUser: (p: unknown) => patches.push(p) }) as unknown as ActionContext;
  const DAY = 24 * 3600_000;
  expect(await due({ kind: 'nps' }, at(100 * DAY))).toEqual({ due: true });
  expect(patches).toEqual([{ attributes: { npsAskedAt: 100 * DAY } }]);
  expect(await due({ kind: 'nps' }, at(129 * DAY, 100 * DAY))).toEqual({ due: false });
  expect(await due({ kind: 'nps' }, at(130 * DAY, 100 * DAY))).toEqual({ due: true });
  await expect(due({ kind: 'csat' }, at(1))).rejects.toThrow(/Fix: use kind: nps/);
});
