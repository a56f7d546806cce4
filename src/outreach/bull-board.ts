import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorizationMatches } from '../core/security/constant-time';

/** Options of {@link mountBullBoard}. */
export interface BullBoardOptions {
  /** Required: Bull Board is never mounted without a token. */
  adminToken: string;
  /** @defaultValue /admin/queues */
  basePath?: string;
}

/**
 * Mount Bull Board (the queue UI) at `/admin/queues`, behind the admin token: browsers get a Basic-auth
 * prompt (any user name, the token as password); scripts may send `Authorization: Bearer <token>`.
 * Returns the board so queues opened later (new channels) can be added with `addQueue`.
 *
 * @example
 * await mountBullBoard(app, outreach.queues.all(), { adminToken: config.adminToken! });
 */
export async function mountBullBoard(app: FastifyInstance, queues: readonly Queue[], options: BullBoardOptions) {
  const basePath = options.basePath ?? '/admin/queues';
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  const board = createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (!authorizationMatches(req.headers.authorization, options.adminToken, { basic: true })) {
        return reply
          .code(401)
          .header('www-authenticate', 'Basic realm="kefu admin"')
          .send({ error: 'admin token required (KEFU_ADMIN_TOKEN)' });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: basePath });
  });
  return { ...board, addQueue: (q: Queue) => board.addQueue(new BullMQAdapter(q)) };
}
