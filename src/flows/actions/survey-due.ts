import { BadInputError } from '../../core/errors';
import type { ActionHandler } from '../engine-types';
import { reqString } from './args';

/** The profile attribute that remembers when a shopper was last asked the NPS question (ms since epoch). */
export const NPS_ASKED_AT = 'npsAskedAt';

const DAY_MS = 24 * 3600_000;

/**
 * `survey.due { kind: nps }`: whether to ask this shopper the NPS question now: yes when they were not asked within
 * settings.yaml's `surveys.nps_every_days` (default 90). A yes counts as asked (the profile attribute `npsAskedAt`
 * is set), so a shopper who ignores the question is not asked again before the period is over. Result: `{ due }`.
 */
export const surveyDue: ActionHandler = async (args, ctx) => {
  const kind = reqString(args, 'kind', 'survey.due');
  if (kind !== 'nps') throw new BadInputError(`Action 'survey.due' got the kind '${kind}'.`, 'use kind: nps (CSAT is asked once per service session by ask_rating).');
  const days = ctx.settings?.surveys.nps_every_days ?? 90;
  const last = Number(ctx.user.attributes[NPS_ASKED_AT]);
  const due = !Number.isFinite(last) || last <= 0 || ctx.now - last >= days * DAY_MS;
  if (due) ctx.updateUser({ attributes: { [NPS_ASKED_AT]: ctx.now } });
  return { due };
};
