import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { KefuError } from '../../src/index';

/** Files served from public/, by URL. */
const ASSETS: { url: string; file: string; type: string }[] = [
  { url: '/widget/kefu-widget.js', file: 'kefu-widget.js', type: 'text/javascript; charset=utf-8' },
  { url: '/widget/kefu-widget.css', file: 'kefu-widget.css', type: 'text/css; charset=utf-8' },
];

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
 * Serve the widget (GET /widget/kefu-widget.js and .css). Files are read once, at registration.
 * The demo shop page is registerDemoShop's.
 */
export function registerStaticAssets(app: FastifyInstance, publicDir: string): void {
  for (const asset of ASSETS) {
    const body = readFileSync(join(publicDir, asset.file));
    app.get(asset.url, async (_req, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(body),
    );
  }
}
