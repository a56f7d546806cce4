import type { FastifyError, FastifyInstance } from 'fastify';
import { KefuError, type Logger } from '../../src/index';
import { MAX_WECHAT_XML_BYTES } from '../../src/kits/wechat';
import { decodeCallback, decodeEchostr, type CallbackQuery, type DecodeContext, type KfCallback } from './callback-decode';

/** What the routes call back into. */
export interface KfRouteHandlers {
  path: string;
  log: Logger;
  context(): DecodeContext;
  /** Whether the adapter is running; a stopped adapter answers 503 so WeCom retries later. */
  accepting(): boolean;
  /** A verified callback; must not block (the answer "success" goes out right after). */
  onCallback(callback: KfCallback): void;
}

const STATUS: Record<string, number> = { BAD_INPUT: 400, UNAUTHORIZED: 401 };

/** Maps a failure of the callback routes to a status, with a log line saying why. */
function answerError(err: FastifyError | Error, log: Logger): { status: number; body: string } {
  if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (err as FastifyError).statusCode === 413) {
    log.warn('wecom-kf callback refused: body larger than 1 MB');
    return { status: 413, body: 'payload too large' };
  }
  if (err instanceof KefuError && STATUS[err.code]) {
    log.warn({ code: err.code, reason: err.message }, 'wecom-kf callback refused');
    return { status: STATUS[err.code]!, body: err.code === 'UNAUTHORIZED' ? 'unauthorized' : 'bad request' };
  }
  const status = (err as FastifyError).statusCode ?? 500;
  if (status < 500) {
    log.warn({ status, reason: err.message }, 'wecom-kf callback refused');
    return { status, body: 'bad request' };
  }
  log.error({ err }, 'wecom-kf callback failed');
  return { status: 500, body: 'error' };
}

/**
 * GET (URL check) and POST (events) at `path`, in their own fastify scope: the body is read as a string of at
 * most 1 MB (larger → 413), whatever the content type, and errors become 400/401/413 with a logged reason.
 *
 * @example
 * await registerKfRoutes(app, { path: '/wecom/kf', log, context, accepting: () => true, onCallback });
 */
export async function registerKfRoutes(app: FastifyInstance, handlers: KfRouteHandlers): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_WECHAT_XML_BYTES }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err, _req, reply) => {
      const { status, body } = answerError(err as Error, handlers.log);
      return reply.status(status).type('text/plain; charset=utf-8').send(body);
    });
    scope.get(handlers.path, async (request, reply) => {
      const echo = await decodeEchostr(request.query as CallbackQuery, handlers.context());
      handlers.log.info('wecom-kf callback URL verified');
      return reply.type('text/plain; charset=utf-8').send(echo);
    });
    scope.post(handlers.path, async (request, reply) => {
      if (!handlers.accepting()) return reply.status(503).type('text/plain').send('not running');
      const body = typeof request.body === 'string' ? request.body : '';
      const callback = await decodeCallback(request.query as CallbackQuery, body, handlers.context());
      handlers.onCallback(callback);
      return reply.type('text/plain; charset=utf-8').send('success');
    });
  });
}
