import { BadInputError } from '../../core/errors';
import { conversationKey } from '../../core/message';
import type { ActionHandler } from '../engine-types';
import { reqString } from './args';
import { SURVEY_RANGES, type SurveyKind, type SurveyResponses } from './surveys';

/**
 * `survey.record { kind: csat|nps, score }`: keeps the shopper's satisfaction answer (CSAT 1–5, NPS 0–10) for the
 * service KPIs (docs/kpis.md). A score given as text (`5分`, `５`, `10`) is read as its number; anything else, or a
 * number out of range, fails the step (its `on_error` path). Result: `{ kind, score }`.
 */
export function surveyRecord(surveys: SurveyResponses): ActionHandler {
  return async (args, ctx) => {
    const kind = reqString(args, 'kind', 'survey.record') as SurveyKind;
    const range = SURVEY_RANGES[kind];
    if (!range) {
      throw new BadInputError(`Action 'survey.record' got the unknown kind '${kind}'.`, 'use kind: csat (1–5) or kind: nps (0–10).');
    }
    const score = scoreOf(reqString(args, 'score', 'survey.record'));
    if (score === undefined || score < range.min || score > range.max) {
      throw new BadInputError(
        `Action 'survey.record' got a ${kind} score '${String(args.score).slice(0, 20)}' outside ${range.min}–${range.max}.`,
        `ask with buttons ${range.min}–${range.max} (or expect: number) and pass the answer as score.`,
      );
    }
    await surveys.add({ kind, score, userId: ctx.user.id, channel: ctx.ref.channel, conversation: conversationKey(ctx.ref), at: ctx.now });
    return { kind, score };
  };
}

/** The whole number a short answer gives (`5`, `５分`, `10 分`), or undefined. */
function scoreOf(text: string): number | undefined {
  const digits = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).match(/^\s*(\d{1,2})\s*分?\s*$/);
  return digits ? Number(digits[1]) : undefined;
}
