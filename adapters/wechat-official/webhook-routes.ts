import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { BadInputError, type Logger } from '../../src/index';
import { MAX_WECHAT_XML_BYTES } from '../../src/kits/wechat';
import { WebhookRejection, type PushQuery } from './verify-push';

/** The answer to one push. */
export interface PushAnswer {
  body: string;
  contentType: string;
}

/** What the routes call into (the adapter). */
export interface WebhookTarget {
  readonly log: Logger;
  /** GET URL check: the echostr to answer, or a WebhookRejection. */
  urlCheck(appId: string, query: PushQuery): Promise<string>;
  /** POST: verify, dedupe and dispatch; `onClientGone` registers a callback for a caller that hung up. */
  receive(appId: string, query: PushQuery, body: string, onClientGone: (callback: () => void) => void): Promise<PushAnswer>;
}

const ERROR_NAMES: Record<number, string> = {
  400: 'BAD_INPUT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  503: 'UNAVAILABLE',
};

function refuse(log: Logger, reply: FastifyReply, appId: string | undefined, status: number, reason: string): FastifyReply {
  log.warn({ appId: appId?.slice(0, 64), status, reason }, 'wechat push rejected');
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: ERROR_NAMES[status] ?? 'BAD_REQUEST', message: reason });
}

/** Status and reason of anything a handler threw: rejections and bad input are the caller's fault, the rest is ours. */
function classify(err: unknown): { status: number; reason: string } {
  if (err instanceof WebhookRejection) return { status: err.status, reason: err.reason };
  if (err instanceof BadInputError) return { status: 400, reason: err.reason };
  const fe = err as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const reason = fe.statusCode === 413 ? `body larger than ${MAX_WECHAT_XML_BYTES} bytes (1 MB)` : (fe.message ?? 'bad request');
    return { status: fe.statusCode, reason };
  }
  return { status: 500, reason: 'internal error; see the server log' };
}

/**
 * Mounts `GET|POST ${path}/:appId` in an encapsulated scope that reads every body as raw text (≤ 1 MB, bigger → 413)
 * so signatures are checked over exactly what WeChat sent. Every refusal is logged at warn with its reason.
 *
 * @example
 * await registerWebhookRoutes(app, '/wechat/official', adapter);
 */
export async function registerWebhookRoutes(app: FastifyInstance, path: string, target: WebhookTarget): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_WECHAT_XML_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err, request, reply) => {
      const { status, reason } = classify(err);
      if (status >= 500) target.log.error({ err }, 'wechat push failed');
      return refuse(target.log, reply, (request.params as { appId?: string })?.appId, status, reason);
    });
    scope.get<{ Params: { appId: string }; Querystring: PushQuery }>(`${path}/:appId`, async (request, reply) => {
      const echostr = await target.urlCheck(request.params.appId, request.query);
      target.log.info({ appId: request.params.appId }, 'wechat URL check answered');
      return reply.type('text/plain; charset=utf-8').send(echostr);
    });
    scope.post<{ Params: { appId: string }; Querystring: PushQuery }>(`${path}/:appId`, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const answer = await target.receive(request.params.appId, request.query, body, (callback) =>
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) callback();
        }),
      );
      return reply.type(answer.contentType).send(answer.body);
    });
  });
}
