import type { EntityManager } from 'typeorm';
import { queryPeriod } from './period-where';
import type { SessionFilter } from './session-aggregates';

/** Satisfaction answers counted; they add up across days and channels. */
export interface SurveyCounts {
  csatResponses: number;
  /** CSAT answers of 4 or 5. */
  csatSatisfied: number;
  npsResponses: number;
  /** NPS answers of 9 or 10. */
  promoters: number;
  /** NPS answers of 0 to 6. */
  detractors: number;
}

/** Survey counts of one shop-local day on one channel. */
export interface DayChannelSurveys {
  day: string;
  channel: string;
  counts: SurveyCounts;
}

const SURVEYS = `
  SELECT r.day AS day, r.channel AS channel,
    SUM(CASE WHEN r.kind = 'csat' THEN 1 ELSE 0 END) AS csat,
    SUM(CASE WHEN r.kind = 'csat' AND r.score >= 4 THEN 1 ELSE 0 END) AS satisfied,
    SUM(CASE WHEN r.kind = 'nps' THEN 1 ELSE 0 END) AS nps,
    SUM(CASE WHEN r.kind = 'nps' AND r.score >= 9 THEN 1 ELSE 0 END) AS promoters,
    SUM(CASE WHEN r.kind = 'nps' AND r.score <= 6 THEN 1 ELSE 0 END) AS detractors
  FROM kefu_survey_response r WHERE %WHERE% GROUP BY r.day, r.channel`;

/**
 * CSAT and NPS answers given in `[from, to)` per shop-local day and channel, counted in the database.
 *
 * @example
 * const rows = await surveyCounts(dataSource.manager, { from, to });
 */
export async function surveyCounts(em: EntityManager, filter: SessionFilter): Promise<DayChannelSurveys[]> {
  const rows = await queryPeriod<Record<string, string | number>>(em, SURVEYS, { time: 'r.created_at', channel: 'r.channel' }, filter);
  return rows.map((r) => ({
    day: String(r.day),
    channel: String(r.channel),
    counts: {
      csatResponses: Number(r.csat),
      csatSatisfied: Number(r.satisfied),
      npsResponses: Number(r.nps),
      promoters: Number(r.promoters),
      detractors: Number(r.detractors),
    },
  }));
}
