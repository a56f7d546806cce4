import type { DataSource } from 'typeorm';
import { outreachFunnels } from '../../src/kpis/outreach-funnel';
import { responsePercentiles, sessionCounts, type SessionFilter } from '../../src/kpis/session-aggregates';
import { surveyCounts } from '../../src/kpis/survey-aggregates';
import { kpiPeriod } from '../../src/server/kpi-period';
import { summarise } from './http-timing';

/** One KPI query timed alone. */
export interface QueryTiming {
  name: string;
  p50: number;
  max: number;
}

/**
 * Times each query of a service KPI report alone, one after the other (the report runs them in parallel), so the
 * bench says which one costs: session counts, survey counts, the three percentile groupings and the outreach funnel.
 */
export async function queryBreakdown(
  ds: DataSource,
  o: { from: string; to: string; timeZone: string; runs: number },
): Promise<QueryTiming[]> {
  const filter: SessionFilter = kpiPeriod({ from: o.from, to: o.to }, o.timeZone, Date.now());
  const em = ds.manager;
  const queries: [string, () => Promise<unknown>][] = [
    ['session counts per day and door', () => sessionCounts(em, filter)],
    ['survey counts per day and door', () => surveyCounts(em, filter)],
    ['first response p50/p95, overall', () => responsePercentiles(em, filter, 'all')],
    ['first response p50/p95, per door', () => responsePercentiles(em, filter, 'channel')],
    ['first response p50/p95, per day', () => responsePercentiles(em, filter, 'day')],
    ['outreach funnel per trigger', () => outreachFunnels(em, filter)],
  ];
  const out: QueryTiming[] = [];
  for (const [name, run] of queries) {
    const ms: number[] = [];
    for (let i = 0; i < o.runs + 3; i++) {
      const t0 = process.hrtime.bigint();
      await run();
      if (i >= 3) ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const t = summarise(ms);
    out.push({ name, p50: t.p50, max: t.max });
  }
  return out;
}
