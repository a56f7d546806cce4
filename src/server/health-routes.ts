import type { FastifyInstance } from 'fastify';
import { maskSecrets } from '../core/privacy';
import { authorizationMatches } from '../core/security/constant-time';

/** A check that passes with something for operators to see (e.g. flows serving their last good version). */
export interface ReadinessWarning {
  warning: string;
}

/** Named readiness checks: true when ready; false or a reason string when not; `{ warning }` when ready with a warning. */
export type ReadinessCheck = () => Promise<Record<string, boolean | string | ReadinessWarning>>;

/** How long /readyz waits for the checks. */
const READY_TIMEOUT_MS = 3000;

/** What {@link registerHealthRoutes} needs besides the checks. */
export interface HealthRouteOptions {
  /** KEFU_ADMIN_TOKEN: `Authorization: Bearer <it>` on /readyz shows every check's detail. Without it /readyz shows none. */
  adminToken?: string;
}

/**
 * GET /healthz (liveness: the process answers) and GET /readyz: "able to serve". Every check passes → 200,
 * otherwise 503 naming the failed checks: `{ status, failed }`, all a probe needs, public. With
 * `Authorization: Bearer <admin token>` the answer also carries each check's detail and the warnings (a check
 * that passes with a `{ warning }` never fails readiness): `{ status, checks, failed, warnings: { flows: '…' } }`.
 * A wrong token answers 401; the details (error messages, flow file paths) never reach anyone else.
 *
 * @example
 * registerHealthRoutes(app, async () => ({ redis: await ping(), flows: flows.ok || { warning: 'serving the last good version' } }), { adminToken });
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessCheck, options: HealthRouteOptions = {}): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const presented = request.headers.authorization;
    const detailed = presented !== undefined && authorizationMatches(presented, options.adminToken ?? '');
    if (presented !== undefined && !detailed) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({
          error: 'UNAUTHORIZED',
          message: options.adminToken
            ? 'Wrong admin token for the readiness details. Fix: send Authorization: Bearer <KEFU_ADMIN_TOKEN>, or no Authorization header for the status alone.'
            : 'The readiness details need an admin token and none is configured. Fix: set KEFU_ADMIN_TOKEN (at least 16 characters) and restart kefu, or send no Authorization header for the status alone.',
        });
    }
    const { checks, warnings } = await runChecks(readiness, (err) => request.log.warn({ err }, 'readiness check failed'));
    const failed = Object.entries(checks)
      .filter(([, v]) => v !== true)
      .map(([k]) => k);
    const status = failed.length === 0 ? 'ready' : 'not_ready';
    return reply.status(failed.length === 0 ? 200 : 503).send(detailed ? { status, checks, failed, warnings } : { status, failed });
  });
}

/** Run the checks (bounded in time) and split them into checks (secrets masked) and warnings. */
async function runChecks(
  readiness: ReadinessCheck,
  onError: (err: unknown) => void,
): Promise<{ checks: Record<string, boolean | string>; warnings: Record<string, string> }> {
  let results: Record<string, boolean | string | ReadinessWarning>;
  try {
    results = await withTimeout(readiness(), READY_TIMEOUT_MS);
  } catch (err) {
    onError(err);
    results = { readiness: err instanceof Error ? err.message : String(err) };
  }
  const checks: Record<string, boolean | string> = {};
  const warnings: Record<string, string> = {};
  for (const [name, value] of Object.entries(results)) {
    if (typeof value === 'object') warnings[name] = maskSecrets(value.warning);
    checks[name] = typeof value === 'object' ? true : typeof value === 'string' ? maskSecrets(value) : value;
  }
  return { checks, warnings };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readiness checks did not answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
