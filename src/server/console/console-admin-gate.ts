import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleGuard } from './console-guard';

/**
 * An onRequest check for pages the console hosts but does not build itself (Bull Board at `/console/queues`): a
 * signed-in admin passes; anonymous browsers are sent to the console's sign-in (302), anonymous scripts get 401,
 * other roles 403. Such pages cannot send the CSRF header, so a request that changes something must come from the
 * console's own origin (`Sec-Fetch-Site: same-origin`, or a matching `Origin`); the cookie is SameSite=Strict too.
 *
 * @example
 * await mountBullBoard(app, queues, { basePath: '/console/queues', authorize: consoleAdminGate(guard) });
 */
export function consoleAdminGate(guard: ConsoleGuard): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  return async (request, reply) => {
    const identity = await guard.lookup(request);
    if (!identity) {
      if ((request.headers.accept ?? '').includes('text/html')) return reply.redirect('/console', 302);
      return reply.code(401).send({ error: 'UNAUTHORIZED', message: '请先登录。Not signed in. Fix: sign in at /console.' });
    }
    if (identity.user.role !== 'admin')
      return reply.code(403).send({ error: 'FORBIDDEN', message: '仅管理员可查看队列。Only admins may open Bull Board.' });
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request))
      return reply.code(403).send({ error: 'FORBIDDEN', message: '跨站请求被拒绝。Cross-site request refused.' });
    return undefined;
  };
}

function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
