import { call } from './api';
import type { QualityFigures } from './quality-api';

/** Counts, percentiles, rates and satisfaction of one slice (the period, a channel or a day); docs/kpis.md. */
export interface ServiceFigures {
  sessions: number;
  answered: number;
  handedOff: number;
  tickets: number;
  escalated: number;
  botResolved: number;
  firstContactResolved: number;
  converted: number;
  firstResponseMs: { p50: number | null; p95: number | null };
  rates: {
    botResolution: number | null;
    firstContactResolution: number | null;
    escalation: number | null;
    handoff: number | null;
    conversion: number | null;
  };
  csat: { responses: number; satisfied: number; score: number | null };
  nps: { responses: number; promoters: number; detractors: number; score: number | null };
  /** Outcomes of the slice's ended sessions (会话质量). */
  quality: QualityFigures;
}

/** One trigger's outreach funnel: scheduled → suppressed by reason → sent → converted. */
export interface OutreachFunnel {
  trigger: string;
  scheduled: number;
  pending: number;
  suppressed: number;
  suppressedBy: Record<string, number>;
  failed: number;
  sent: number;
  converted: number;
  conversionRate: number | null;
}

/** GET /console/api/kpis/service: the same report as the admin KPI API. */
export interface ServiceKpiReport {
  from: string;
  to: string;
  channel?: string;
  totals: ServiceFigures;
  byChannel: Record<string, ServiceFigures>;
  daily: (ServiceFigures & { day: string })[];
  outreach: OutreachFunnel[];
}

/** Which figures to load: the last N shop-local days, or a custom range of dates (both included). */
export type KpiPeriod = { days: number } | { from: string; to: string };

/** The service KPIs of a period, optionally of one channel. */
export async function fetchServiceKpis(period: KpiPeriod, channel?: string): Promise<ServiceKpiReport> {
  const query = new URLSearchParams('days' in period ? { days: String(period.days) } : { from: period.from, to: period.to });
  if (channel) query.set('channel', channel);
  return call<ServiceKpiReport>('GET', `kpis/service?${query.toString()}`);
}
