import { BadInputError } from '../../core/errors';
import { conversationKey } from '../../core/message';
import type { ActionHandler } from '../engine-types';
import { reqString } from './args';
import { SURVEY_RANGES, type SurveyKind, type SurveyResponses } from './surveys';

/**
 * `survey.comment { kind: csat, text }`: adds what the shopper said about their rating (e.g. why it was low) to the
 * latest answer of `kind` that `survey.record` stored in this conversation. No such answer, or an unknown kind, fails
 * the step (its `on_error`). Result: `{ kind }`.
 */
export function surveyComment(surveys: SurveyResponses): ActionHandler {
  return async (args, ctx) => {
    const kind = reqString(args, 'kind', 'survey.comment') as SurveyKind;
    if (!SURVEY_RANGES[kind]) throw new BadInputError(`Action 'survey.comment' got the unknown kind '${kind}'.`, 'use kind: csat or kind: nps.');
    const text = reqString(args, 'text', 'survey.comment');
    if (!(await surveys.comment(conversationKey(ctx.ref), kind, text))) {
      throw new BadInputError(
        `Action 'survey.comment' found no ${kind} answer in this conversation to comment on.`,
        `record the rating first (\`action: survey.record\` with kind: ${kind}) earlier in the conversation.`,
      );
    }
    return { kind };
  };
}
