import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { kpiAuthorized } from './kpi-auth';
import type { ServiceKpiReport } from '../kpis/service-kpis';
import type { SessionFilter } from '../kpis/session-aggregates';
import { serviceKpiFilter } from './service-kpi-query';

/** Dependencies of {@link serviceKpiRoutes}. */
export interface ServiceKpiRouteDeps {
  /** KEFU_ADMIN_TOKEN; without it the route answers 404 ADMIN_DISABLED. */
  token?: string;
  kpis: { report(filter: SessionFilter): Promise<ServiceKpiReport> };
  /** Dates without a time are midnight here (KEFU_TIMEZONE). */
  timeZone: string;
  now?: () => number;
}

/**
 * `GET /admin/api/kpis/service?from=2025-11-01&to=2025-11-30&channel=web`: the service KPIs of the period (first
 * response p50/p95, bot and first-contact resolution, escalation, conversion, the outreach funnel per trigger) in
 * total, per channel and per shop-local day (docs/kpis.md). Needs `Authorization: Bearer <KEFU_ADMIN_TOKEN>`.
 *
 * @example
 * await app.register(serviceKpiRoutes({ token: config.adminToken, kpis: core.kpis, timeZone: config.timezone }));
 */
export function serviceKpiRoutes(deps: ServiceKpiRouteDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/admin/api/kpis/service', async (request, reply) => {
      if (!(await kpiAuthorized(deps.token, request, reply))) return reply;
      return deps.kpis.report(serviceKpiFilter(request.query, deps.timeZone, (deps.now ?? Date.now)()));
    });
  };
}
