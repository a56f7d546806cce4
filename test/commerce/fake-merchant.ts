import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Category } from '../../src/commerce/gateway';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { KefuError } from '../../src/core/errors';

/** A loopback merchant API implementing docs/commerce-http.md over a DemoCommerce. */
export interface FakeMerchant {
  url: string;
  server: Server;
  /** Requests seen, as `METHOD path` plus the auth header. */
  seen: { line: string; auth?: string }[];
  /** Milliseconds to wait before answering (to test timeouts). */
  delayMs: number;
  /** The shop's customers by WeChat openid (`GET /customers/by-openid/:openid`), e.g. `openids.set('o-1', 'C10086')`. */
  openids: Map<string, string>;
  close(): Promise<void>;
}

type Handler = (m: RegExpMatchArray, url: URL, body: unknown) => Promise<unknown>;

function routes(shop: DemoCommerce, openids: Map<string, string>): [string, RegExp, Handler][] {
  return [
    [
      'GET',
      /^\/customers\/by-openid\/([^/]+)$/,
      async (m) => {
        const customerId = openids.get(decodeURIComponent(m[1]!));
        return customerId === undefined ? undefined : { customerId };
      },
    ],
    ['GET', /^\/events$/, (_m, u) => shop.events(u.searchParams.get('after') ?? undefined, Number(u.searchParams.get('limit') ?? 100))],
    ['GET', /^\/products\/([^/]+)$/, (m) => shop.getProduct(decodeURIComponent(m[1]))],
    ['GET', /^\/products$/, (_m, u) => shop.searchProducts(u.searchParams.get('q') ?? '', Number(u.searchParams.get('limit') ?? 5))],
    [
      'GET',
      /^\/users\/([^/]+)\/recommendations$/,
      (m, u) =>
        shop.recommend({
          userId: decodeURIComponent(m[1]),
          category: (u.searchParams.get('category') ?? undefined) as Category | undefined,
          limit: Number(u.searchParams.get('limit') ?? 3),
        }),
    ],
    ['GET', /^\/users\/([^/]+)\/orders$/, (m) => shop.listOrders(decodeURIComponent(m[1]))],
    ['GET', /^\/orders\/([^/]+)$/, (m) => shop.getOrder(decodeURIComponent(m[1]))],
    ['GET', /^\/orders\/([^/]+)\/logistics$/, (m) => shop.getLogistics(decodeURIComponent(m[1]))],
    ['PATCH', /^\/orders\/([^/]+)$/, (m, _u, b) => shop.updateOrder(decodeURIComponent(m[1]), b as { address?: string; cancel?: boolean })],
    [
      'POST',
      /^\/users\/([^/]+)\/coupons$/,
      (m, _u, b) => shop.issueCoupon(decodeURIComponent(m[1]), (b as { templateId: string }).templateId),
    ],
    ['GET', /^\/users\/([^/]+)\/coupons$/, (m) => shop.listCoupons(decodeURIComponent(m[1]))],
  ];
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts the fake merchant on 127.0.0.1, port 0, requiring `Bearer <token>`. */
export async function startFakeMerchant(token: string, shop = new DemoCommerce()): Promise<FakeMerchant> {
  const openids = new Map<string, string>();
  const table = routes(shop, openids);
  const fake = { seen: [], delayMs: 0, openids } as unknown as FakeMerchant;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api/, '');
    fake.seen.push({ line: `${req.method} ${path}${url.search}`, auth: req.headers.authorization });
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, { message: 'bad token' });
    const route = table.find(([method, re]) => method === req.method && re.test(path));
    if (!route) return reply(res, 404, { message: 'no such route' });
    try {
      const result = await route[2](path.match(route[1])!, url, await readBody(req));
      if (result === undefined) return reply(res, 404, { message: 'not found' });
      reply(res, 200, result);
    } catch (err) {
      const code = err instanceof KefuError && err.code === 'ORDER_NOT_CHANGEABLE' ? 409 : 422;
      reply(res, code, { message: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.server = server;
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  fake.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
