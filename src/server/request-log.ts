/** What replaces every query value in a logged request URL. */
export const QUERY_VALUE_MASK = '***';

/** Query parameters named in a logged URL at most (the rest become `…`). */
const MAX_LOGGED_PARAMS = 20;

/** A parameter name as logged: plain names as they are, anything else (long, odd characters) replaced. */
function nameForLog(raw: string): string {
  return /^[\w.[\]-]{1,64}$/.test(raw) ? raw : '?';
}

/**
 * A request URL fit for a log line: the path, and the query's parameter names with every value masked. Query
 * strings carry what must not be logged: WeChat's webhook signature, msg_signature, timestamp, nonce, echostr and
 * openid, and the signed tokens of one-click links.
 *
 * @example
 * urlForLog('/wechat/official/wx1?signature=ab12&nonce=42'); // '/wechat/official/wx1?signature=***&nonce=***'
 */
export function urlForLog(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = url
    .slice(at + 1)
    .split('&')
    .filter((part) => part !== '');
  if (params.length === 0) return url.slice(0, at);
  const shown = params.slice(0, MAX_LOGGED_PARAMS).map((part) => `${nameForLog(part.split('=')[0] ?? '')}=${QUERY_VALUE_MASK}`);
  if (params.length > MAX_LOGGED_PARAMS) shown.push('…');
  return `${url.slice(0, at)}?${shown.join('&')}`;
}

/** The parts of a fastify request the request log shows. */
export interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/**
 * The `req` serializer of the server's logger: fastify's own fields, with the URL's query values masked
 * (see {@link urlForLog}), for every route and every request log line (incoming request, errors).
 *
 * @example
 * fastify({ loggerInstance: logger.child({}, { serializers: { req: serializeRequest } }) });
 */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: urlForLog(String(req.url ?? '')),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
