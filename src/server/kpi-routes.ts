import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../core/errors';
import { kpiAuthorized } from './kpi-auth';
import type { ConversionSummary } from '../outreach/attribution';
import { kpiPeriod } from './kpi-period';

/** What the KPI routes read (ChatAttribution). */
export interface ConversionKpis {
  summary(from: Date, to: Date): Promise<ConversionSummary>;
}

/** Dependencies of {@link kpiRoutes}. */
export interface KpiRouteDeps {
  /** KEFU_ADMIN_TOKEN; without it the routes answer 404 ADMIN_DISABLED. */
  token?: string;
  conversions: ConversionKpis;
  /** Dates without a time are midnight here (KEFU_TIMEZONE). */
  timeZone: string;
  now?: () => number;
}

const periodQuery = z.object({ from: z.string().min(1).max(40).optional(), to: z.string().min(1).max(40).optional() }).strict();

/**
 * `GET /admin/kpis/conversions?from=2025-11-01&to=2025-11-30`: orders credited to kefu (outreach, a coupon or a
 * product shown in chat), each once, with revenue by credit and by door, and the cards shown (docs/attribution.md).
 * Needs `Authorization: Bearer <KEFU_ADMIN_TOKEN>` like the admin API.
 *
 * @example
 * await app.register(kpiRoutes({ token: config.adminToken, conversions: core.attribution, timeZone: config.timezone }));
 */
export function kpiRoutes(deps: KpiRouteDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/admin/kpis/conversions', async (request, reply) => {
      if (!(await kpiAuthorized(deps.token, request, reply))) return reply;
      const query = periodQuery.safeParse(request.query ?? {});
      if (!query.success) {
        const issue = query.error.issues[0];
        throw new BadInputError(
          `Invalid query: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}.`,
          'pass only from and to.',
        );
      }
      const { from, to } = kpiPeriod(query.data, deps.timeZone, (deps.now ?? Date.now)());
      return deps.conversions.summary(from, to);
    });
  };
}
