import type { DataSource } from 'typeorm';
import { funnelRows, outreachFunnels } from '../../src/kpis/outreach-funnel';
import { planReport } from '../../src/kpis/report-plan';
import { readRollups, rolledDays } from '../../src/kpis/rolled-figures';
import { responsePercentiles, responseValues, sessionCounts, type SessionFilter } from '../../src/kpis/session-aggregates';
import { daysTouched } from '../../src/kpis/shop-days';
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
 * bench says which one costs: the report's own path (the roll-up marks, the rolled-up days' rows, the live part:
 * today) and, for comparison, the raw queries over the whole period that a report without roll-ups runs (session
 * counts, survey counts, the three percentile groupings and the outreach funnel).
 */
export async function queryBreakdown(
  ds: DataSource,
  o: { from: string; to: string; timeZone: string; runs: number },
): Promise<QueryTiming[]> {
  const filter: SessionFilter = kpiPeriod({ from: o.from, to: o.to }, o.timeZone, Date.now());
  const em = ds.manager;
  const days = daysTouched(filter.from, filter.to, o.timeZone);
  const rolled = await rolledDays(em, days, o.timeZone);
  const plan = planReport(filter, days, (d) => rolled.has(d), o.timeZone);
  const live: SessionFilter = { ...filter, ranges: plan.live };
  const queries: [string, () => Promise<unknown>][] = [
    ['report: which days are rolled up (kefu_kpi_day)', () => rolledDays(em, days, o.timeZone)],
    [`report: roll-up rows of ${plan.rolled.length} days (4 queries)`, () => readRollups(em, plan.rolled)],
    ['report, live part (today): session counts', () => sessionCounts(em, live)],
    ['report, live part (today): survey counts', () => surveyCounts(em, live)],
    ['report, live part (today): response times', () => responseValues(em, live)],
    ['report, live part (today): outreach counts', () => funnelRows(em, live)],
    ['raw (no roll-ups): session counts per day and door', () => sessionCounts(em, filter)],
    ['raw: survey counts per day and door', () => surveyCounts(em, filter)],
    ['raw: first response p50/p95, overall', () => responsePercentiles(em, filter, 'all')],
    ['raw: first response p50/p95, per door', () => responsePercentiles(em, filter, 'channel')],
    ['raw: first response p50/p95, per day', () => responsePercentiles(em, filter, 'day')],
    ['raw: outreach funnel per trigger', () => outreachFunnels(em, filter)],
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
