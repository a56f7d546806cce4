import type { FastifyInstance } from 'fastify';
import { maskSecrets } from '../core/privacy';

/** Named readiness checks: true when ready; false or a reason string when not. */
export type ReadinessCheck = () => Promise<Record<string, boolean | string>>;

/** How long /readyz waits for the checks. */
const READY_TIMEOUT_MS = 3000;

/**
 * GET /healthz (liveness: the process answers) and GET /readyz (every readiness check passes → 200,
 * otherwise 503 naming the failed checks).
 *
 * @example
 * registerHealthRoutes(app, async () => ({ redis: await ping(), flows: flows.ok || 'flows failed to load' }));
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessCheck): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    let checks: Record<string, boolean | string>;
    try {
      checks = await withTimeout(readiness(), READY_TIMEOUT_MS);
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      checks = { readiness: maskSecrets(err instanceof Error ? err.message : String(err)) };
    }
    const failed = Object.entries(checks)
      .filter(([, v]) => v !== true)
      .map(([k]) => k);
    const safe = Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, typeof v === 'string' ? maskSecrets(v) : v]));
    return reply
      .status(failed.length === 0 ? 200 : 503)
      .send({ status: failed.length === 0 ? 'ready' : 'not_ready', checks: safe, failed });
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
