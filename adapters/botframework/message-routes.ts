import type { FastifyError, FastifyInstance } from 'fastify';
import { KefuError, type Logger } from '../../src/index';
import type { RequestOrigin } from './local-origin';

/** What the route calls back into. */
export interface MessageRouteHandlers {
  path: string;
  maxBodyBytes: number;
  log: Logger;
  /** Whether the adapter is running; a stopped adapter answers 503 so the channel retries later. */
  accepting(): boolean;
  /** Authenticates, parses and runs one Activity; resolves when its turn is done. */
  onActivity(body: string, origin: RequestOrigin): Promise<void>;
}

const STATUS: Record<string, number> = { BAD_INPUT: 400, UNAUTHORIZED: 401, DEPENDENCY_UNAVAILABLE: 503 };

/** A refused request's status and JSON answer `{ error, reason }` (the reason never carries a secret). */
function answerError(
  err: FastifyError | Error,
  maxBodyBytes: number,
  log: Logger,
): { status: number; body: { error: string; reason: string } } {
  if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (err as FastifyError).statusCode === 413) {
    log.warn({ limit: maxBodyBytes }, 'botframework activity refused: body too large');
    return { status: 413, body: { error: 'payload too large', reason: `an Activity may have at most ${maxBodyBytes} bytes` } };
  }
  if (err instanceof KefuError && STATUS[err.code]) {
    const status = STATUS[err.code]!;
    const reason = (err as KefuError & { reason?: string }).reason ?? err.message;
    if (status === 503) log.error({ err }, 'botframework activity not checked: signing keys unavailable');
    else log.warn({ status, reason }, 'botframework activity refused');
    return { status, body: { error: status === 401 ? 'unauthorized' : status === 400 ? 'bad request' : 'unavailable', reason } };
  }
  const status = (err as FastifyError).statusCode ?? 500;
  if (status < 500) {
    log.warn({ status, reason: err.message }, 'botframework activity refused');
    return { status, body: { error: 'bad request', reason: err.message } };
  }
  log.error({ err }, 'botframework turn failed');
  return { status: 500, body: { error: 'internal', reason: 'the bot could not handle this activity; the channel may retry' } };
}

/**
 * POST `path` (the bot's messaging endpoint) in its own fastify scope: the body is read as a string of at most
 * `maxBodyBytes` (larger → 413) whatever its content type, so the signature is checked before the JSON is parsed;
 * refusals answer 400/401/413/503 with `{ error, reason }`, a handled Activity 200.
 *
 * @example
 * await registerMessageRoutes(app, { path: '/api/messages', maxBodyBytes: 262_144, log, accepting, onActivity });
 */
export async function registerMessageRoutes(app: FastifyInstance, handlers: MessageRouteHandlers): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: handlers.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err, _req, reply) => {
      const { status, body } = answerError(err as Error, handlers.maxBodyBytes, handlers.log);
      return reply.status(status).send(body);
    });
    scope.post(handlers.path, async (request, reply) => {
      if (!handlers.accepting()) return reply.status(503).send({ error: 'unavailable', reason: 'the bot is not running' });
      const body = typeof request.body === 'string' ? request.body : '';
      if (body === '') return reply.status(400).send({ error: 'bad request', reason: 'empty body: POST one Activity as JSON' });
      const { authorization, forwarded } = request.headers;
      const proxied =
        forwarded !== undefined || request.headers['x-forwarded-for'] !== undefined || request.headers['x-real-ip'] !== undefined;
      await handlers.onActivity(body, {
        ...(authorization !== undefined && { authorization }),
        ...(request.socket.remoteAddress !== undefined && { remoteAddress: request.socket.remoteAddress }),
        proxied,
      });
      return reply.status(200).send({});
    });
  });
}
