import { Gauge, type Registry } from 'prom-client';
import type { ServiceFigures } from './service-figures';
import type { ServiceKpiReport } from './service-kpis';
import type { SessionFilter } from './session-aggregates';

/** Options of {@link registerServiceKpiMetrics}. */
export interface ServiceKpiMetricsOptions {
  /** The rolling period the gauges show. @defaultValue 24 h */
  windowMs?: number;
  /** Reports are computed at most this often, on a scrape; scrapes in between read the last one. @defaultValue 60 s */
  refreshMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

const RATES = {
  bot_resolution: 'botResolution',
  first_contact_resolution: 'firstContactResolution',
  escalation: 'escalation',
  handoff: 'handoff',
  conversion: 'conversion',
} as const;

/**
 * Prometheus gauges of the service KPIs over a rolling window (`channel="all"` for the totals): sessions, first
 * response p50/p95, the rates, CSAT, NPS and the outreach funnel per trigger. The report is computed on a scrape at most once
 * per `refreshMs`, so frequent scrapes cost nothing.
 *
 * @example
 * registerServiceKpiMetrics(outreach.metrics.registry, core.kpis);
 * registerMetricsRoute(app, metricsHandler(outreach.metrics.registry), { metricsToken, adminToken }); // src/server/metrics-route.ts
 */
export function registerServiceKpiMetrics(
  registry: Registry,
  kpis: { report(filter: SessionFilter): Promise<ServiceKpiReport> },
  options: ServiceKpiMetricsOptions = {},
): void {
  const windowMs = options.windowMs ?? 86_400_000;
  const refreshMs = options.refreshMs ?? 60_000;
  const now = options.now ?? Date.now;
  let last: { at: number; done: Promise<void> } | undefined;
  const refresh = (): Promise<void> => {
    const at = now();
    if (last && at - last.at < refreshMs) return last.done;
    const done = kpis
      .report({ from: new Date(at - windowMs), to: new Date(at) })
      .then(show)
      .catch((err: unknown) => options.onError?.(err));
    last = { at, done };
    return done;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], collect: refresh });
  const sessions = gauge('kefu_service_sessions', 'Service sessions started in the window', ['channel']);
  const response = gauge('kefu_service_first_response_seconds', 'First response time percentile (nearest rank)', ['channel', 'quantile']);
  const rates = gauge(
    'kefu_service_rate',
    'Share of service sessions (bot resolution, first-contact resolution, escalation, handoff, conversion)',
    ['channel', 'kpi'],
  );
  const outcomes = gauge('kefu_service_outcome_share', 'Share of the ended sessions labelled with each conversation outcome (0-1)', [
    'channel',
    'outcome',
  ]);
  const csat = gauge('kefu_service_csat', 'Share of CSAT answers of 4 or 5 (0-1)', ['channel']);
  const nps = gauge('kefu_service_nps', 'Net promoter score: % promoters (9-10) minus % detractors (0-6)', ['channel']);
  const funnel = gauge('kefu_outreach_funnel', 'Outreach scheduled in the window, by trigger and what became of it', ['trigger', 'stage']);
  const suppressed = gauge('kefu_outreach_funnel_suppressed', 'Outreach scheduled in the window and suppressed, by trigger and reason', [
    'trigger',
    'reason',
  ]);

  function showFigures(channel: string, f: ServiceFigures): void {
    sessions.set({ channel }, f.sessions);
    if (f.firstResponseMs.p50 !== null) response.set({ channel, quantile: '0.5' }, f.firstResponseMs.p50 / 1000);
    if (f.firstResponseMs.p95 !== null) response.set({ channel, quantile: '0.95' }, f.firstResponseMs.p95 / 1000);
    for (const [kpi, key] of Object.entries(RATES)) {
      const value = f.rates[key];
      if (value !== null) rates.set({ channel, kpi }, value);
    }
    for (const [outcome, share] of Object.entries(f.quality.shares)) if (share !== null) outcomes.set({ channel, outcome }, share);
    if (f.csat.score !== null) csat.set({ channel }, f.csat.score);
    if (f.nps.score !== null) nps.set({ channel }, f.nps.score);
  }

  function show(report: ServiceKpiReport): void {
    for (const g of [sessions, response, rates, outcomes, csat, nps, funnel, suppressed]) g.reset();
    showFigures('all', report.totals);
    for (const [channel, f] of Object.entries(report.byChannel)) showFigures(channel, f);
    for (const f of report.outreach) {
      for (const stage of ['scheduled', 'pending', 'suppressed', 'failed', 'sent', 'converted'] as const)
        funnel.set({ trigger: f.trigger, stage }, f[stage]);
      for (const [reason, n] of Object.entries(f.suppressedBy)) suppressed.set({ trigger: f.trigger, reason }, n);
    }
  }
}
