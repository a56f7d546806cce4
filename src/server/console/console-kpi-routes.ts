import type { FastifyInstance } from 'fastify';
import { BadInputError } from '../../core/errors';
import { recordDay } from '../../flows/actions/service-records';
import type { ServiceKpiReport } from '../../kpis/service-kpis';
import type { SessionFilter } from '../../kpis/session-aggregates';
import { serviceKpiFilter } from '../service-kpi-query';
import type { ConsoleGuard } from './console-guard';

/** What {@link registerConsoleKpiRoutes} needs: the KPI service the admin route uses and the shop's time zone. */
export interface ConsoleKpiRouteDeps {
  kpis: { report(filter: SessionFilter): Promise<ServiceKpiReport> };
  /** Dates without a time are midnight here (KEFU_TIMEZONE). */
  timeZone: string;
  now?: () => number;
}

/**
 * `GET /console/api/kpis/service?from&to&channel` for the console's 数据 page: the same report as
 * `GET /admin/api/kpis/service` (same service, same query rules, docs/kpis.md), for a signed-in admin, operator or
 * marketing user instead of the admin token. `days=7` instead of from/to asks for the last 7 shop-local days up to
 * now (today included): the browser need not know the shop's time zone.
 *
 * @example
 * registerConsoleKpiRoutes(app, guard, { kpis: core.kpis, timeZone: core.config.timezone });
 * // GET /console/api/kpis/service?days=30&channel=web
 */
export function registerConsoleKpiRoutes(app: FastifyInstance, guard: ConsoleGuard, deps: ConsoleKpiRouteDeps): void {
  app.get('/console/api/kpis/service', { preHandler: guard.requireRole('operator', 'marketing') }, async (request) => {
    const now = (deps.now ?? Date.now)();
    const { days, ...rest } = (request.query ?? {}) as Record<string, unknown>;
    const query = days === undefined ? rest : { ...rest, from: firstOfRecentDays(days, rest, deps.timeZone, now) };
    return deps.kpis.report(serviceKpiFilter(query, deps.timeZone, now));
  });
}

/**
 * The shop-local date `YYYY-MM-DD` that starts the last `days` days up to `now` (today is the last of them); `rest`
 * must then hold no from / to (400 that says so otherwise).
 *
 * @example
 * firstOfRecentDays('7', {}, 'Asia/Shanghai', Date.parse('2025-11-20T02:00:00Z')); // '2025-11-14'
 */
export function firstOfRecentDays(days: unknown, rest: Record<string, unknown>, timeZone: string, now: number): string {
  const n = typeof days === 'string' && /^\d{1,3}$/.test(days) ? Number(days) : NaN;
  if (!(n >= 1 && n <= 366) || rest.from !== undefined || rest.to !== undefined)
    throw new BadInputError(
      `Invalid days: '${String(days).slice(0, 10)}'.`,
      'pass days as a whole number from 1 to 366, or from and to instead of days (not both).',
    );
  const today = recordDay(now, timeZone);
  const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(4, 6)) - 1, Number(today.slice(6, 8)) - n + 1));
  return first.toISOString().slice(0, 10);
}
