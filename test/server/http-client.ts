import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

/** A response as the tests read it. */
export interface TestResponse {
  statusCode: number;
  body: string;
  headers: Headers;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A request as the tests write it (shape of fastify's inject options). */
export interface TestRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

/**
 * Real HTTP over loopback to an app listening on port 0. Jest cannot load light-my-request
 * (fastify's `inject()`), because its dependency `cookie` 2 is ESM-only; plain Node can.
 */
export async function listenLocal(app: FastifyInstance): Promise<(req: TestRequest) => Promise<TestResponse>> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return async (req) => {
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.payload !== undefined) {
      body = typeof req.payload === 'string' ? req.payload : JSON.stringify(req.payload);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`http://127.0.0.1:${port}${req.url}`, { method: req.method ?? 'GET', headers, body });
    const text = await res.text();
    return { statusCode: res.status, body: text, headers: res.headers, json: () => JSON.parse(text) };
  };
}
