import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KF_ERRORS, KF_PATHS } from '../../../adapters/wecom-kf';
import { serviceStateGet, serviceStateTrans, sendMsg, sendMsgOnEvent, syncMsg, type Answer } from './kf-handlers';
import { fakeId, type KfWorld } from './kf-world';

/** Credentials and knobs of the fake API. */
export interface ApiServerOptions {
  corpId: string;
  secret: string;
  /** sync_msg returns at most this many per page (WeCom may return fewer than `limit`). */
  pageSize: number;
  /** access_token lifetime in seconds. */
  tokenLifeSec: number;
}

type Handler = (world: KfWorld, body: Record<string, unknown>) => Answer;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** 40014 for an unknown token, 42001 for an expired one, undefined when valid. */
function tokenProblem(world: KfWorld, token: string | null): Answer | undefined {
  const expiresAt = token ? world.accessTokens.get(token) : undefined;
  if (expiresAt === undefined) return { errcode: KF_ERRORS.invalidToken, errmsg: 'invalid access_token, hint: [fake]' };
  if (expiresAt <= world.now()) return { errcode: KF_ERRORS.expiredToken, errmsg: 'access_token expired, hint: [fake]' };
  return undefined;
}

/**
 * The HTTP face of the fake: gettoken, the kf endpoints (JSON in and out) and media/upload (multipart in, JSON
 * out), on 127.0.0.1:0.
 *
 * @example
 * const api = await startApiServer(world, { corpId, secret, pageSize: 1000, tokenLifeSec: 7200 });
 */
export async function startApiServer(world: KfWorld, options: ApiServerOptions): Promise<{ server: Server; url: string }> {
  const routes: Record<string, Handler> = {
    [KF_PATHS.syncMsg]: (w, b) => syncMsg(w, b, options.pageSize),
    [KF_PATHS.sendMsg]: sendMsg,
    [KF_PATHS.sendMsgOnEvent]: sendMsgOnEvent,
    [KF_PATHS.serviceStateGet]: serviceStateGet,
    [KF_PATHS.serviceStateTrans]: serviceStateTrans,
  };
  const gettoken = (url: URL): Answer => {
    if (url.searchParams.get('corpid') !== options.corpId) return { errcode: KF_ERRORS.invalidCorpId, errmsg: 'invalid corpid' };
    if (url.searchParams.get('corpsecret') !== options.secret) return { errcode: KF_ERRORS.invalidSecret, errmsg: 'invalid credential' };
    const token = fakeId('at_', 24);
    world.accessTokens.set(token, world.now() + options.tokenLifeSec * 1000);
    world.tokenFetches += 1;
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: options.tokenLifeSec };
  };
  const upload = async (req: IncomingMessage, url: URL): Promise<Answer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const problem = tokenProblem(world, url.searchParams.get('access_token'));
    if (problem) {
      world.media.refuse('corp', problem.errcode);
      return problem;
    }
    const result = await world.media.upload('corp', url.searchParams.get('type'), req.headers['content-type'], Buffer.concat(chunks));
    if (!result.mediaId) return { errcode: result.errcode, errmsg: `${result.errmsg}, hint: [fake]` };
    return { errcode: 0, errmsg: 'ok', type: 'image', media_id: result.mediaId, created_at: String(result.createdAt) };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    let answer: Answer;
    if (req.method === 'GET' && url.pathname === KF_PATHS.getToken) answer = gettoken(url);
    else if (req.method === 'POST' && url.pathname === KF_PATHS.mediaUpload) answer = await upload(req, url);
    else if (req.method === 'POST' && routes[url.pathname]) {
      const body = await readJson(req);
      answer =
        tokenProblem(world, url.searchParams.get('access_token')) ??
        (body ? routes[url.pathname]!(world, body) : { errcode: 47001, errmsg: 'data format error' });
    } else answer = { errcode: 404, errmsg: 'no such api' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
