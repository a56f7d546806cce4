import type { DataSource } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import { SURVEY_COMMENT_MAX, type SurveyKind, type SurveyResponse, type SurveyResponses } from '../flows/actions/surveys';
import { SurveyResponseEntity } from './entities/survey-response.entity';
import { StoreRunner } from './store-runner';

/**
 * Satisfaction answers (`survey.record`) in the database (table `kefu_survey_response`), with the shop-local day for
 * the daily KPIs.
 *
 * @example
 * const surveys = new TypeormSurveyResponses(dataSource, 'Asia/Shanghai');
 * await surveys.add({ kind: 'csat', score: 2, userId, channel: 'web', conversation: 'web:-:c1', at: Date.now() });
 * await surveys.comment('web:-:c1', 'csat', '回复太慢了');
 */
export class TypeormSurveyResponses implements SurveyResponses {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly timeZone = 'Asia/Shanghai',
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async add(r: SurveyResponse): Promise<void> {
    await this.runner.transaction((em) =>
      em.insert(SurveyResponseEntity, {
        kind: r.kind,
        score: r.score,
        userId: r.userId,
        channel: r.channel,
        conversationId: r.conversation.slice(0, 255),
        day: recordDay(r.at, this.timeZone),
        createdAt: new Date(r.at),
        comment: r.comment?.slice(0, SURVEY_COMMENT_MAX) ?? null,
      }),
    );
  }

  async comment(conversation: string, kind: SurveyKind, text: string): Promise<boolean> {
    return this.runner.transaction(async (em) => {
      const latest = await em.findOne(SurveyResponseEntity, {
        where: { conversationId: conversation.slice(0, 255), kind },
        order: { id: 'DESC' },
      });
      if (!latest) return false;
      await em.update(SurveyResponseEntity, { id: latest.id }, { comment: text.slice(0, SURVEY_COMMENT_MAX) });
      return true;
    });
  }
}
