import type { FastifyError, FastifyInstance } from 'fastify';
import { KefuError } from '../core/errors';

/** HTTP status of each KefuError code; anything else is 500. */
const STATUS_BY_CODE: Record<string, number> = {
  BAD_INPUT: 400,
  UNSUPPORTED_FEATURE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ADMIN_DISABLED: 404,
  METRICS_DISABLED: 404,
  CONFLICT: 409,
  FLOW_INVALID: 422,
  RATE_LIMITED: 429,
  DEPENDENCY_UNAVAILABLE: 503,
  ADMIN_UNAVAILABLE: 503,
};

/** JSON body of every error response. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** Status and body for any thrown value; never a stack trace, never an unknown error's message. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof KefuError) {
    return { status: STATUS_BY_CODE[err.code] ?? 500, body: { error: err.code, message: err.message } };
  }
  const fe = err as Partial<FastifyError> | undefined;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (fe?.validation) {
    return { status: 400, body: { error: 'BAD_INPUT', message: fe.message ?? 'Invalid request.' } };
  }
  if (status >= 400 && status < 500) {
    // fastify's own 4xx errors (body too large, bad JSON, bad content type) carry safe messages.
    return { status, body: { error: fe?.code ?? 'BAD_REQUEST', message: fe?.message ?? 'Bad request.' } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: 'Internal server error. The details are in the server log.' } };
}

/**
 * Install the one central error handler and a JSON 404 handler on `app`.
 *
 * @example
 * installErrorHandler(app); // throw new BadInputError('…') in a route → 400 {error:'BAD_INPUT', message}
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error, status }, 'request rejected');
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` });
  });
}
