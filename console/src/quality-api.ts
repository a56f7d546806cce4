import { call } from './api';
import type { KpiPeriod } from './kpis-api';

/** resolved 已解决 · escalated 已转人工 · abandoned 中途离开 · unresolved 未解决 (docs/kpis.md, 会话质量). */
export type Outcome = 'resolved' | 'escalated' | 'abandoned' | 'unresolved';

/** Every outcome, in report order. */
export const OUTCOMES: readonly Outcome[] = ['resolved', 'escalated', 'abandoned', 'unresolved'];

/** The quality figures of one slice of the KPI report: counts and shares of the labelled sessions. */
export interface QualityFigures {
  labelled: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  unresolved: number;
  shares: Record<Outcome, number | null>;
}

/** One labelled session as GET /console/api/quality/sessions lists it (shopper id masked). */
export interface QualitySessionRow {
  id: number;
  door: string;
  /** Shop-local `YYYY-MM-DD` it started. */
  day: string;
  startedAt: string;
  lastAt: string;
  messages: number;
  topic: string | null;
  shopper: string | null;
  outcome: Outcome;
  /** e.g. `["flow_done:logistics", "thanks"]`. */
  signals: string[];
  /** The inbox conversation to open, when the conversation was ever handed over. */
  handoffId: number | null;
}

/** A page of labelled sessions and the titles of the flows their signals name. */
export interface QualitySessionPage {
  total: number;
  page: number;
  pageSize: number;
  sessions: QualitySessionRow[];
  flows: Record<string, string>;
}

/** What the sessions table asks for. */
export interface QualitySessionFilter {
  period: KpiPeriod;
  door?: string;
  outcome?: Outcome;
  page: number;
  pageSize: number;
}

/** The labelled sessions of a period, newest first (operators and admins). */
export async function fetchQualitySessions(filter: QualitySessionFilter): Promise<QualitySessionPage> {
  const p = filter.period;
  const query = new URLSearchParams('days' in p ? { days: String(p.days) } : { from: p.from, to: p.to });
  if (filter.door) query.set('door', filter.door);
  if (filter.outcome) query.set('outcome', filter.outcome);
  query.set('page', String(filter.page));
  query.set('pageSize', String(filter.pageSize));
  return call<QualitySessionPage>('GET', `quality/sessions?${query.toString()}`);
}
