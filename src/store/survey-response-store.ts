import type { DataSource } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import type { SurveyResponse, SurveyResponses } from '../flows/actions/surveys';
import { SurveyResponseEntity } from './entities/survey-response.entity';
import { StoreRunner } from './store-runner';

/**
 * Satisfaction answers (`survey.record`) in the database (table `kefu_survey_response`), with the shop-local day for
 * the daily KPIs.
 *
 * @example
 * const surveys = new TypeormSurveyResponses(dataSource, 'Asia/Shanghai');
 * await surveys.add({ kind: 'nps', score: 9, userId, channel: 'web', conversation: 'web:-:c1', at: Date.now() });
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
      }),
    );
  }
}
