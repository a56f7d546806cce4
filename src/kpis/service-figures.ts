import { emptyOutcomeCounts, qualityOf, type OutcomeCounts, type QualityFigures } from './outcome-figures';
import type { SurveyCounts } from './survey-aggregates';

/** Counts of service sessions; they add up across days and channels. */
export interface SessionCounts extends OutcomeCounts {
  /** Service sessions (一次咨询) started in the period. */
  sessions: number;
  /** Sessions that got a reply (bot or human). */
  answered: number;
  /** Sessions handed to a human (转人工). */
  handedOff: number;
  /** Sessions in which the shopper left a ticket (留言/工单). */
  tickets: number;
  /** Sessions handed off or with a ticket. */
  escalated: number;
  /** Answered sessions with neither handoff nor ticket (机器人解决). */
  botResolved: number;
  /** Bot-resolved sessions whose shopper did not come back about the same topic within 24 h (一次解决). */
  firstContactResolved: number;
  /** Sessions that showed a product or coupon card credited with a paid order (咨询转化). */
  converted: number;
}

/** First response time percentiles (nearest rank), ms; null without answered sessions. */
export interface ResponsePercentiles {
  p50: number | null;
  p95: number | null;
}

/** Satisfaction of one slice: CSAT = share of 4–5 answers (0–1), NPS = % promoters − % detractors (−100…100). */
export interface Satisfaction {
  csat: { responses: number; satisfied: number; score: number | null };
  nps: { responses: number; promoters: number; detractors: number; score: number | null };
}

/** The service KPIs of one slice (the whole period, a channel or a day). */
export interface ServiceFigures extends Omit<SessionCounts, keyof OutcomeCounts>, Satisfaction {
  firstResponseMs: ResponsePercentiles;
  /** Outcomes of the sessions that ended: resolved / escalated / abandoned / unresolved and their shares. */
  quality: QualityFigures;
  /** Shares of `sessions` (0–1, 4 decimals); null without sessions. */
  rates: {
    botResolution: number | null;
    firstContactResolution: number | null;
    escalation: number | null;
    handoff: number | null;
    conversion: number | null;
  };
}

/** All counts zero. */
export function emptyCounts(): SessionCounts {
  return {
    sessions: 0,
    answered: 0,
    handedOff: 0,
    tickets: 0,
    escalated: 0,
    botResolved: 0,
    firstContactResolved: 0,
    converted: 0,
    ...emptyOutcomeCounts(),
  };
}

/** No answers. */
export function emptySurveys(): SurveyCounts {
  return { csatResponses: 0, csatSatisfied: 0, npsResponses: 0, promoters: 0, detractors: 0 };
}

/** `a + b`, count by count (session or survey counts). */
export function addCounts<C extends SessionCounts | SurveyCounts>(a: C, b: C): C {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof C)[]) (sum[key] as number) = (a[key] as number) + (b[key] as number);
  return sum;
}

/** CSAT and NPS from answer counts. */
export function satisfactionOf(s: SurveyCounts): Satisfaction {
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  return {
    csat: {
      responses: s.csatResponses,
      satisfied: s.csatSatisfied,
      score: s.csatResponses === 0 ? null : round(s.csatSatisfied / s.csatResponses),
    },
    nps: {
      responses: s.npsResponses,
      promoters: s.promoters,
      detractors: s.detractors,
      score: s.npsResponses === 0 ? null : round(((s.promoters - s.detractors) / s.npsResponses) * 100),
    },
  };
}

/**
 * The figures of one slice: its counts, percentiles and the rates derived from them.
 *
 * @example
 * figuresOf({ ...emptyCounts(), sessions: 4, botResolved: 3 }, { p50: 800, p95: 2000 }).rates.botResolution; // 0.75
 */
export function figuresOf(
  counts: SessionCounts,
  firstResponseMs: ResponsePercentiles = { p50: null, p95: null },
  surveys: SurveyCounts = emptySurveys(),
): ServiceFigures {
  const share = (n: number): number | null => (counts.sessions === 0 ? null : Math.round((n / counts.sessions) * 10_000) / 10_000);
  const { labelled, outcomeResolved, outcomeEscalated, outcomeAbandoned, outcomeUnresolved, ...sessionCounts } = counts;
  return {
    ...sessionCounts,
    firstResponseMs,
    quality: qualityOf({ labelled, outcomeResolved, outcomeEscalated, outcomeAbandoned, outcomeUnresolved }),
    ...satisfactionOf(surveys),
    rates: {
      botResolution: share(counts.botResolved),
      firstContactResolution: share(counts.firstContactResolved),
      escalation: share(counts.escalated),
      handoff: share(counts.handedOff),
      conversion: share(counts.converted),
    },
  };
}
