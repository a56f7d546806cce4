import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KefuError } from '../../core/errors';
import type { Tickets } from '../../flows/actions/tickets';
import type { ConsoleUser } from '../../store/console-user-store';
import { readCookie, SESSION_COOKIE, sessionCookie } from './console-cookie';
import { createConsoleGuard, type ConsoleGuard } from './console-guard';
import { SESSION_TTL_SECONDS, type ConsoleSessions } from './console-sessions';
import { registerConsoleStatic } from './console-static';
import { maskShopperId } from './mask-shopper';

/** What the console's routes need. */
export interface ConsoleRouteDeps {
  users: {
    verify(name: string, password: string): Promise<ConsoleUser | undefined>;
    byId(id: number): Promise<ConsoleUser | undefined>;
    /** Note a successful sign-in (shown on the 账号 page). */
    recordLogin?(id: number): Promise<void>;
  };
  sessions: ConsoleSessions;
  tickets: Tickets;
  /** Failed logins allowed per client address per window; past it 429 (KEFU_ADMIN_AUTH_FAILURES, 15 min). */
  loginFailures: { max: number; windowMs: number };
  /** The built web app (default console/dist). */
  distDir?: string;
}

const LOGIN_BODY = {
  type: 'object',
  required: ['name', 'password'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;

/**
 * Mount the operators' console: the web app at `/console` and its JSON API at `/console/api/*` (login, logout, me,
 * tickets). Returns the guard so later console routes use the same `requireRole`. Call after installHttpLimits
 * (login failures are counted with @fastify/rate-limit, in Redis when it has one).
 *
 * @example
 * const guard = registerConsoleRoutes(app, { users, sessions, tickets, loginFailures: { max: 10, windowMs: 900_000 } });
 * app.get('/console/api/kpis', { preHandler: guard.requireRole('marketing') }, handler);
 */
export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleRouteDeps): ConsoleGuard {
  const guard = createConsoleGuard(deps);
  const failures = app.createRateLimit({
    max: deps.loginFailures.max,
    timeWindow: deps.loginFailures.windowMs,
    keyGenerator: (request: FastifyRequest) => `console-login:${request.ip}`,
  });

  app.post('/console/api/login', { schema: { body: LOGIN_BODY } }, async (request, reply) => {
    const seen = await failures(request, { increment: false });
    if (!seen.isAllowed && seen.remaining <= 0 && seen.ttl > 0) {
      void reply.header('retry-after', String(Math.max(1, seen.ttlInSeconds)));
      throw new KefuError(
        'RATE_LIMITED',
        `登录失败次数过多，请 ${Math.max(1, seen.ttlInSeconds)} 秒后再试。Too many failed logins from this address.`,
        'wait for Retry-After; an admin can reset the password with kefu console add-user <name> --replace.',
      );
    }
    const { name, password } = request.body as { name: string; password: string };
    const user = await deps.users.verify(name, password);
    if (!user) {
      await failures(request);
      throw new KefuError('UNAUTHORIZED', '用户名或密码错误。Wrong name or password.', 'check both; an admin can set a new password.');
    }
    const old = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (old) await deps.sessions.destroy(old);
    const { id, session } = await deps.sessions.create(user.id);
    await deps.users.recordLogin?.(user.id);
    setCookie(request, reply, id);
    return { user: publicUser(user), csrfToken: session.csrfToken };
  });

  app.post('/console/api/logout', { preHandler: guard.requireRole('admin', 'operator', 'marketing') }, async (request, reply) => {
    await deps.sessions.destroy(guard.identityOf(request).sessionId);
    setCookie(request, reply, undefined);
    return { ok: true };
  });

  app.get('/console/api/me', { preHandler: guard.requireRole('admin', 'operator', 'marketing') }, async (request) => {
    const { user, session } = guard.identityOf(request);
    return { user: publicUser(user), csrfToken: session.csrfToken };
  });

  app.get('/console/api/tickets', { preHandler: guard.requireRole('operator') }, async (request) => {
    const query = request.query as { status?: string; limit?: string };
    const status = query.status === 'open' || query.status === 'done' ? query.status : undefined;
    const limit = Math.max(1, Math.min(500, Number(query.limit) || 200));
    const tickets = await deps.tickets.list({ ...(status ? { status } : {}), limit });
    return {
      tickets: tickets.map((t) => ({
        ref: t.ref,
        createdAt: t.createdAt,
        channel: t.channel,
        shopper: maskShopperId(t.userId),
        text: t.text,
        dueBy: t.dueBy ?? null,
        status: t.status,
      })),
    };
  });

  registerConsoleStatic(app, deps.distDir);
  return guard;
}

function publicUser(user: ConsoleUser): { name: string; role: string } {
  return { name: user.name, role: user.role };
}

function setCookie(request: FastifyRequest, reply: FastifyReply, id: string | undefined): void {
  void reply.header('set-cookie', sessionCookie(id, SESSION_TTL_SECONDS, request.protocol === 'https'));
  void reply.header('cache-control', 'no-store');
}
