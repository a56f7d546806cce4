import type { FastifyInstance } from 'fastify';
import { registerConsoleRoutes } from '../server/console/console-routes';
import type { ConsoleGuard } from '../server/console/console-guard';
import { registerConsoleKpiRoutes } from '../server/console/console-kpi-routes';
import { registerQualityRoutes } from '../server/console/quality-routes';
import { TypeormQualitySessions } from '../store/quality-session-store';
import { ConsoleSessions } from '../server/console/console-sessions';
import { httpLimitsOf } from '../server/http-limits';
import { TypeormConsoleUsers } from '../store/console-user-store';
import type { KefuCore } from './create-kefu';
import { mountConsoleAdmin } from './mount-console-admin';
import { mountInbox } from './mount-inbox';
import { mountExperiments } from './mount-experiments';
import { registerShopperProfileRoute } from '../server/console/shopper-profile-routes';
import { registerStudioRoutes } from '../server/console/studio-routes';

/**
 * Mount the operators' console (docs/console.md) on `app`: accounts from the database, sessions in Redis under
 * `<KEFU_REDIS_PREFIX>:console:session:*`, failed logins limited like refused admin tokens (KEFU_ADMIN_AUTH_FAILURES
 * per 15 minutes per address). Returns the role guard for more console routes.
 *
 * @example
 * const guard = mountConsole(app, core);
 */
export function mountConsole(app: FastifyInstance, core: KefuCore): ConsoleGuard {
  const guard = registerConsoleRoutes(app, {
    users: new TypeormConsoleUsers(core.dataSource),
    sessions: new ConsoleSessions(core.redis.redis, core.config.redisPrefix),
    tickets: core.tickets,
    loginFailures: httpLimitsOf(core.config).authFailures,
  });
  registerConsoleKpiRoutes(app, guard, { kpis: core.kpis, timeZone: core.config.timezone }); // the 数据 page
  registerQualityRoutes(app, guard, {
    sessions: new TypeormQualitySessions(core.dataSource),
    flowTitle: (id) => core.flows.current().flows.get(id)?.title,
    timeZone: core.config.timezone,
  }); // the 数据 page's labelled sessions (会话质量)
  mountConsoleAdmin(app, guard, core); // the 渠道 and 账号 pages, Bull Board at /console/queues
  mountInbox(app, guard, core); // the agent inbox (人工工作台)
  mountExperiments(app, guard, core); // the 实验 tab (A/B experiments, docs/studio.md)
  registerStudioRoutes(app, guard, core.studio); // the flow studio (工作室, docs/studio.md)
  registerShopperProfileRoute(app, guard, {
    users: core.users,
    handoffUser: async (id) => (await core.desk.handoffs.byId(id))?.userId,
    profile: (user) => core.profiles.tags.ofUser(user),
    catalogue: () => core.profiles.rules.current().catalogue,
  }); // the shopper panel's profile tags (docs/profiles.md)
  return guard;
}
