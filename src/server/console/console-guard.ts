import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { KefuError } from '../../core/errors';
import type { ConsoleRole, ConsoleUser } from '../../store/console-user-store';
import { readCookie, SESSION_COOKIE } from './console-cookie';
import type { ConsoleSession, ConsoleSessions } from './console-sessions';

/** Header that carries the session's CSRF token on every non-GET console API call. */
export const CSRF_HEADER = 'x-kefu-csrf';

/** What the guard needs: the sessions and a way to read the account (its current role). */
export interface ConsoleGuardDeps {
  sessions: ConsoleSessions;
  users: { byId(id: number): Promise<ConsoleUser | undefined> };
}

/** The signed-in user and session of a request that passed a guard. */
export interface ConsoleIdentity {
  user: ConsoleUser;
  session: ConsoleSession;
  sessionId: string;
}

/** The console guard: `requireRole(...)` for routes, `identityOf(request)` inside them. */
export interface ConsoleGuard {
  /**
   * A preHandler that lets through a signed-in user with one of `roles` (admin always passes) and, for methods other
   * than GET/HEAD, the right CSRF token in the `x-kefu-csrf` header: anonymous → 401, wrong role or token → 403.
   */
  requireRole(...roles: ConsoleRole[]): preHandlerAsyncHookHandler;
  /** The identity a guard attached to `request` (throws 401 when no guard ran). */
  identityOf(request: FastifyRequest): ConsoleIdentity;
  /** The identity behind the request's cookie, or undefined (no error). */
  lookup(request: FastifyRequest): Promise<ConsoleIdentity | undefined>;
}

/**
 * Build the console's role guard.
 *
 * @example
 * const guard = createConsoleGuard({ sessions, users });
 * app.get('/console/api/tickets', { preHandler: guard.requireRole('operator') }, handler); // admin passes too
 */
export function createConsoleGuard(deps: ConsoleGuardDeps): ConsoleGuard {
  const identities = new WeakMap<FastifyRequest, ConsoleIdentity>();
  const lookup = async (request: FastifyRequest): Promise<ConsoleIdentity | undefined> => {
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = sessionId ? await deps.sessions.get(sessionId) : undefined;
    const user = session ? await deps.users.byId(session.userId) : undefined;
    return sessionId && session && user ? { user, session, sessionId } : undefined;
  };
  return {
    lookup,
    requireRole:
      (...roles) =>
      async (request) => {
        const identity = await lookup(request);
        if (!identity) throw notSignedIn();
        if (identity.user.role !== 'admin' && !roles.includes(identity.user.role))
          throw new KefuError(
            'FORBIDDEN',
            `您的角色无权访问此功能。The role '${identity.user.role}' may not use this.`,
            `sign in as ${roles.join(' or ')} or admin.`,
          );
        if (request.method !== 'GET' && request.method !== 'HEAD' && !sameToken(request.headers[CSRF_HEADER], identity.session.csrfToken))
          throw new KefuError(
            'FORBIDDEN',
            '请求缺少有效的 CSRF 令牌。Missing or wrong CSRF token.',
            `send the csrfToken from GET /console/api/me in the ${CSRF_HEADER} header.`,
          );
        identities.set(request, identity);
      },
    identityOf: (request) => {
      const identity = identities.get(request);
      if (!identity) throw notSignedIn();
      return identity;
    },
  };
}

function notSignedIn(): KefuError {
  return new KefuError('UNAUTHORIZED', '请先登录。Not signed in.', 'sign in with POST /console/api/login.');
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
