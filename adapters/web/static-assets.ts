import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { KefuError } from '../../src/index';

/** Files served from public/, by URL. */
const ASSETS: { url: string; file: string; type: string }[] = [
  { url: '/widget/kefu-widget.js', file: 'kefu-widget.js', type: 'text/javascript; charset=utf-8' },
  { url: '/widget/kefu-widget.css', file: 'kefu-widget.css', type: 'text/css; charset=utf-8' },
];

/** The demo page's Content-Security-Policy: nothing from outside, no inline scripts. */
const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/** Find public/ next to this file (source) or in the source tree (compiled to dist/). */
export function findPublicDir(explicit?: string): string {
  const candidates = explicit ? [explicit] : [join(__dirname, 'public'), resolve(process.cwd(), 'adapters/web/public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'kefu-widget.js')));
  if (!found) {
    throw new KefuError(
      'WIDGET_FILES_MISSING',
      `The web chat widget files were not found (looked in ${candidates.join(', ')}).`,
      'run kefu from the project folder, or pass publicDir to WebChatAdapter.',
    );
  }
  return found;
}

/**
 * Serve the widget (GET /widget/kefu-widget.js and .css) and, when `demoPage`, the demo shop at GET /.
 * Files are read once, at registration.
 */
export function registerStaticAssets(app: FastifyInstance, publicDir: string, demoPage: boolean): void {
  for (const asset of ASSETS) {
    const body = readFileSync(join(publicDir, asset.file));
    app.get(asset.url, async (_req, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(body),
    );
  }
  if (!demoPage) return;
  const page = readFileSync(join(publicDir, 'index.html'));
  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(page),
  );
}
