import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import { authorizationMatches } from '../core/security/constant-time';
import { acceptEventBodies, limitsMessage, type EventsBodyLimits } from './events-body';
import { ingestValidated, type StreamIngestDeps } from './stream-ingest';
import { validateBatch } from './validate-batch';

/** Dependencies of the events route. */
export interface EventsRouteDeps extends StreamIngestDeps {
  /**
   * Requests need `Authorization: Bearer <token>` (KEFU_ADMIN_TOKEN). Without a token the route is disabled (404):
   * anyone who can reach it could otherwise make up orders and carts that start proactive messages to any shopper.
   */
  token?: string;
  /** Max events per request. @defaultValue 10_000 */
  maxBatch?: number;
  /** Max body bytes, after gzip decompression. @defaultValue 8 MiB */
  maxBytes?: number;
}

/**
 * `POST /events`: a JSON array of events `{id, type, userId, at, payload}` (a single object is accepted too) or
 * NDJSON (`content-type: application/x-ndjson`, one event per line), optionally `content-encoding: gzip`.
 * Each event is checked on its own (typed payloads of the behaviour types, docs/profiles.md); the valid ones go to
 * the handler (outreach) when it wants their type and to the behaviour streams (features). Answers 202 when all
 * were accepted, 207 with `{accepted, rejected}` when some were rejected, 400 for a body that is not events,
 * 413 above `maxBatch` events or `maxBytes`, 401 without the token, and 404 `ADMIN_DISABLED` when no token is
 * configured (use the Redis list or the streams then, see docs/operations.md).
 *
 * @example
 * await app.register(eventsRoutes({ redis, prefix: 'kefu', handler: core.events, streams, token: config.adminToken }));
 */
export function eventsRoutes(deps: EventsRouteDeps): FastifyPluginAsync {
  const limits: EventsBodyLimits = { maxEvents: deps.maxBatch ?? 10_000, maxBytes: deps.maxBytes ?? 8 * 1024 * 1024 };
  return async (app: FastifyInstance) => {
    acceptEventBodies(app, limits);
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      const status = err.statusCode ?? 500;
      if (status === 413) return reply.code(413).send({ error: 'BODY_TOO_LARGE', message: limitsMessage(limits) });
      if (status >= 500) throw err;
      return reply.code(status).send({ error: err.code ?? 'BAD_REQUEST', message: err.message });
    });
    // The token is checked before the body is read: an anonymous client never makes the server inflate or parse.
    app.addHook('onRequest', async (req, reply) => {
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
    });
    app.post('/events', { bodyLimit: limits.maxBytes }, async (req, reply) => {
      const body = req.body;
      const items = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : undefined;
      if (!items)
        return reply.code(400).send({ error: 'the body must be a JSON array of events {id, type, userId, at, payload} or NDJSON' });
      if (items.length > limits.maxEvents) return reply.code(413).send({ error: 'TOO_MANY_EVENTS', message: limitsMessage(limits) });
      const batch = validateBatch(items);
      let result;
      try {
        result = await ingestValidated(deps, batch.valid);
      } catch (err) {
        req.log.warn({ err }, 'events not kept');
        return reply.code(503).send({
          error: 'NOT_KEPT',
          message: 'the events could not be kept now (Redis failed). Fix: send the same batch again; event ids are deduplicated.',
        });
      }
      const rejected = [...batch.rejected, ...result.rejected].sort((a, b) => a.index - b.index);
      return reply.code(rejected.length > 0 ? 207 : 202).send({ accepted: result.accepted, rejected });
    });
  };
}
