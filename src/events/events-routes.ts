import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { authorizationMatches } from '../core/security/constant-time';
import { ingestEvents, type IngestDeps } from './ingest';

/** Dependencies of the events route. */
export interface EventsRouteDeps extends IngestDeps {
  /**
   * Requests need `Authorization: Bearer <token>` (KEFU_ADMIN_TOKEN). Without a token the route is disabled (404):
   * anyone who can reach it could otherwise make up orders and carts that start proactive messages to any shopper.
   */
  token?: string;
  /** Max events per request. @defaultValue 1000 */
  maxBatch?: number;
}

/**
 * `POST /events`: a JSON array of events `{id, type, userId, at, payload}` (a single object is accepted too).
 * Answers 202 when all were accepted, 207 with `{accepted, rejected}` when some were rejected, 400 for a body
 * that is not an array of at most `maxBatch` items, 401 without the token, and 404 `ADMIN_DISABLED` when no token is
 * configured (use the Redis list then, see docs/operations.md).
 *
 * @example
 * await app.register(eventsRoutes({ redis, prefix: 'kefu', handler: outreach.scheduler, token: config.adminToken }));
 */
export function eventsRoutes(deps: EventsRouteDeps): FastifyPluginAsync {
  const maxBatch = deps.maxBatch ?? 1000;
  return async (app: FastifyInstance) => {
    app.post('/events', { bodyLimit: 5 * 1024 * 1024 }, async (req, reply) => {
      if (!deps.token) {
        return reply.code(404).send({
          error: 'ADMIN_DISABLED',
          message:
            'POST /events is disabled because no admin token is configured. Fix: set KEFU_ADMIN_TOKEN (at least 16 characters) and send Authorization: Bearer <KEFU_ADMIN_TOKEN>, or push events to the Redis list <KEFU_REDIS_PREFIX>:events:in.',
        });
      }
      if (!authorizationMatches(req.headers.authorization, deps.token)) {
        return reply.code(401).send({ error: 'missing or wrong token: send Authorization: Bearer <KEFU_ADMIN_TOKEN>' });
      }
      const body = req.body;
      const items = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : undefined;
      if (!items) return reply.code(400).send({ error: 'the body must be a JSON array of events {id, type, userId, at, payload}' });
      if (items.length > maxBatch) return reply.code(400).send({ error: `at most ${maxBatch} events per request; split the batch` });
      const result = await ingestEvents(deps, items);
      return reply.code(result.rejected.length > 0 ? 207 : 202).send(result);
    });
  };
}
