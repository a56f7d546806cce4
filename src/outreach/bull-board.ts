import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../core/errors';
import { authorizationMatches } from '../core/security/constant-time';

/** Options of {@link mountBullBoard}: Bull Board is never mounted without `adminToken` or `authorize`. */
export interface BullBoardOptions {
  /** The admin token (Basic auth password or Bearer) every request of the board must carry. */
  adminToken?: string;
  /**
   * Instead of the token: an onRequest check of every request of the board (e.g. the console's admin session) that
   * answers through `reply` to refuse.
   */
  authorize?: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** @defaultValue /admin/queues */
  basePath?: string;
}

/**
 * The page without `<link>` tags to other hosts: Bull Board's template loads a web font from a public font host,
 * which an admin page must not (no third-party requests, and it hangs on networks that cannot reach it). The page
 * falls back to the system sans-serif.
 */
export function withoutRemoteLinks(html: string): string {
  return html.replace(/<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>\s*/gi, '');
}

/**
 * Mount Bull Board (the queue UI) at `/admin/queues`, behind the admin token: browsers get a Basic-auth
 * prompt (any user name, the token as password); scripts may send `Authorization: Bearer <token>`. With
 * `authorize` instead (the console mounts it at `/console/queues` for signed-in admins) that check runs. Returns the board so queues opened later (new channels) can be added with `addQueue`.
 *
 * @example
 * await mountBullBoard(app, outreach.queues.all(), { adminToken: config.adminToken! });
 */
export async function mountBullBoard(app: FastifyInstance, queues: readonly Queue[], options: BullBoardOptions) {
  const basePath = options.basePath ?? '/admin/queues';
  const { adminToken, authorize } = options;
  if (!adminToken && !authorize)
    throw new ConfigError([`Bull Board at ${basePath} has no access check: pass adminToken (KEFU_ADMIN_TOKEN) or authorize`]);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(basePath);
  const board = createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (authorize) return authorize(req, reply);
      if (!authorizationMatches(req.headers.authorization, adminToken ?? '', { basic: true })) {
        return reply
          .code(401)
          .header('www-authenticate', 'Basic realm="kefu admin"')
          .send({ error: 'admin token required (KEFU_ADMIN_TOKEN)' });
      }
    });
    scope.addHook('onSend', async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) =>
      typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html')
        ? withoutRemoteLinks(payload)
        : payload,
    );
    await scope.register(serverAdapter.registerPlugin(), { prefix: basePath });
  });
  return { ...board, addQueue: (q: Queue) => board.addQueue(new BullMQAdapter(q)) };
}
