import type { FastifyInstance } from 'fastify';
import { maskSecrets } from '../core/privacy';

/** A check that passes with something for operators to see (e.g. flows serving their last good version). */
export interface ReadinessWarning {
  warning: string;
}

/** Named readiness checks: true when ready; false or a reason string when not; `{ warning }` when ready with a warning. */
export type ReadinessCheck = () => Promise<Record<string, boolean | string | ReadinessWarning>>;

/** How long /readyz waits for the checks. */
const READY_TIMEOUT_MS = 3000;

/**
 * GET /healthz (liveness: the process answers) and GET /readyz: "able to serve". Every check passes → 200,
 * otherwise 503 naming the failed checks. Warnings (a check that passes with a `{ warning }`) never fail
 * readiness; they are listed apart: `{ status, checks, failed, warnings: { flows: '…' } }`.
 *
 * @example
 * registerHealthRoutes(app, async () => ({ redis: await ping(), flows: flows.ok || { warning: 'serving the last good version' } }));
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessCheck): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    let results: Record<string, boolean | string | ReadinessWarning>;
    try {
      results = await withTimeout(readiness(), READY_TIMEOUT_MS);
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      results = { readiness: err instanceof Error ? err.message : String(err) };
    }
    const checks: Record<string, boolean | string> = {};
    const warnings: Record<string, string> = {};
    for (const [name, value] of Object.entries(results)) {
      if (typeof value === 'object') warnings[name] = maskSecrets(value.warning);
      checks[name] = typeof value === 'object' ? true : typeof value === 'string' ? maskSecrets(value) : value;
    }
    const failed = Object.entries(checks)
      .filter(([, v]) => v !== true)
      .map(([k]) => k);
    const status = failed.length === 0 ? 'ready' : 'not_ready';
    return reply.status(failed.length === 0 ? 200 : 503).send({ status, checks, failed, warnings });
  });
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
