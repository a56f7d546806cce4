import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../core/errors';
import { kpiAuthorized } from './kpi-auth';
import type { ServiceKpiReport } from '../kpis/service-kpis';
import type { SessionFilter } from '../kpis/session-aggregates';
import { kpiPeriod } from './kpi-period';

/** Dependencies of {@link serviceKpiRoutes}. */
export interface ServiceKpiRouteDeps {
  /** KEFU_ADMIN_TOKEN; without it the route answers 404 ADMIN_DISABLED. */
  token?: string;
  kpis: { report(filter: SessionFilter): Promise<ServiceKpiReport> };
  /** Dates without a time are midnight here (KEFU_TIMEZONE). */
  timeZone: string;
  now?: () => number;
}

const query = z
  .object({
    from: z.string().min(1).max(40).optional(),
    to: z.string().min(1).max(40).optional(),
    channel: z.string().min(1).max(64).optional(),
  })
  .strict();

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
      const parsed = query.safeParse(request.query ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new BadInputError(
          `Invalid query: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}.`,
          'pass only from, to (a date, an ISO time with offset or epoch ms) and channel (an adapter name such as web).',
        );
      }
      const { from, to } = kpiPeriod(parsed.data, deps.timeZone, (deps.now ?? Date.now)());
      return deps.kpis.report({ from, to, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}) });
    });
  };
}
