import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { KefuError } from '../../core/errors';

/** Where `npm run build:console` puts the web app (vite build of console/). */
export const CONSOLE_DIST_DIR = path.resolve(__dirname, '../../../console/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** The console's pages may load only their own files; antd writes its styles inline. */
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serve the built console at `/console`: files under console/dist by path (hashed assets cached for a year), and
 * `index.html` for every other page path (the app routes itself). Never serves a file outside the folder.
 *
 * @example
 * registerConsoleStatic(app); // GET /console → index.html, GET /console/assets/index-abc.js → the bundle
 */
export function registerConsoleStatic(app: FastifyInstance, distDir = CONSOLE_DIST_DIR): void {
  const root = path.resolve(distDir);
  const serve = async (relative: string, reply: FastifyReply) => {
    const wanted = path.resolve(root, relative);
    const file = wanted.startsWith(root + path.sep) && (await isFile(wanted)) ? wanted : undefined;
    if (!file && (relative.startsWith('api/') || relative.startsWith('assets/') || path.extname(relative) !== ''))
      return reply.callNotFound();
    const target = file ?? path.join(root, 'index.html');
    const body = await readFile(target).catch(() => {
      throw new KefuError('NOT_FOUND', 'The console is not built.', 'run npm run build:console (npm install does it too).');
    });
    const immutable = target.includes(`${path.sep}assets${path.sep}`);
    return reply
      .type(TYPES[path.extname(target)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(body);
  };
  app.get('/console', (_request, reply) => serve('index.html', reply));
  app.get('/console/*', (request, reply) => serve((request.params as { '*': string })['*'] || 'index.html', reply));
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
