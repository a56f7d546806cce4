import type { FastifyInstance } from 'fastify';
import { mountBullBoard } from '../outreach/bull-board';
import { LiveQueueCounts } from '../outreach/live-queue-counts';
import { consoleAdminGate } from '../server/console/console-admin-gate';
import { registerConsoleChannelRoutes } from '../server/console/console-channel-routes';
import type { ConsoleGuard } from '../server/console/console-guard';
import { ConsoleSessions } from '../server/console/console-sessions';
import { registerConsoleUserRoutes } from '../server/console/console-user-routes';
import { TypeormConsoleUsers } from '../store/console-user-store';
import type { KefuCore } from './create-kefu';

/** Where the console shows Bull Board to signed-in admins. */
export const CONSOLE_BOARD_PATH = '/console/queues';

/**
 * The console's 渠道 and 账号 pages on the server (docs/console.md): `GET /console/api/channels` (channel status,
 * token health, queue counts), the account routes under `/console/api/users`, and Bull Board at `/console/queues`
 * for signed-in admins (queues found later by the counts are added to the board).
 *
 * @example
 * const guard = registerConsoleRoutes(app, deps);
 * mountConsoleAdmin(app, guard, core);
 */
export function mountConsoleAdmin(app: FastifyInstance, guard: ConsoleGuard, core: KefuCore): void {
  const { queues } = core.outreach;
  registerConsoleUserRoutes(app, guard, {
    users: new TypeormConsoleUsers(core.dataSource),
    sessions: new ConsoleSessions(core.redis.redis, core.config.redisPrefix),
  });
  const live = new LiveQueueCounts({
    redis: core.redis.redis,
    connection: queues.settings.connection,
    bullPrefix: queues.settings.prefix,
    known: () => queues.all(),
  });
  app.addHook('onClose', () => live.close());
  const onBoard = new Set(queues.all().map((q) => q.name));
  let board: Awaited<ReturnType<typeof mountBullBoard>> | undefined;
  void app.register(async (scope) => {
    board = await mountBullBoard(scope, queues.all(), { basePath: CONSOLE_BOARD_PATH, authorize: consoleAdminGate(guard) });
  });
  registerConsoleChannelRoutes(app, guard, {
    channels: () => core.router.list().map((a) => ({ name: a.name, ...(a.status ? { status: a.status() } : {}) })),
    queueCounts: async () => {
      const counts = await live.counts();
      for (const name of Object.keys(counts).filter((n) => board && !onBoard.has(n))) {
        onBoard.add(name);
        board?.addQueue(live.handle(name));
      }
      return counts;
    },
  });
}
