import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger, ProductCard } from '../../src/index';

/**
 * The products the demo shop page shows, from the same commerce backend the bot answers from
 * (the composition root passes the CommerceGateway's shop window).
 */
export type DemoCatalogue = () => Promise<ProductCard[]>;

/** The demo page's Content-Security-Policy: nothing from outside, no inline scripts. */
const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/**
 * Serve the demo shop: the page at GET /, its script at GET /demo/shop.js and its product tiles at
 * GET /demo/catalogue.json (`{ products: ProductCard[] }`, empty without a catalogue). The page renders the tiles
 * from the catalogue, so names and prices are the ones the bot answers with.
 */
export function registerDemoShop(app: FastifyInstance, publicDir: string, catalogue: DemoCatalogue | undefined, log: Logger): void {
  const page = readFileSync(join(publicDir, 'index.html'));
  const script = readFileSync(join(publicDir, 'demo-shop.js'));
  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(page),
  );
  app.get('/demo/shop.js', async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(script),
  );
  app.get('/demo/catalogue.json', async (_req, reply) => {
    try {
      const products = catalogue ? await catalogue() : [];
      return reply.header('cache-control', 'no-store').send({ products });
    } catch (err) {
      log.warn({ err }, 'demo catalogue could not be loaded');
      return reply.code(503).send({ error: 'the catalogue could not be loaded from the commerce backend; try again shortly' });
    }
  });
}
