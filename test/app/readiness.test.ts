import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { kefuReadiness } from '../../src/app/readiness';
import type { FlowsRuntime } from '../../src/app/flows-runtime';
import { configSchema } from '../../src/config/schema';
import type { ChannelAdapter } from '../../src/core/channel-adapter';
import { DurableInbox, inboxChannelHealth } from '../../src/core/inbox';
import { createLogger } from '../../src/core/log';
import { buildServer } from '../../src/server/build-server';
import { createDataSource } from '../../src/store';
import { listenLocal } from '../server/http-client';

// /readyz means "able to serve": real Redis, a real SQLite database, a real durable inbox behind a channel.
// The details (each check, warnings) need the admin token; without it /readyz answers the status and failed names.

const ADMIN_TOKEN = 'readiness-admin-token-0123456789';

const logger = createLogger({ level: 'silent' });
let dir: string;
let redis: Redis;
let dataSource: DataSource;
let inbox: DurableInbox;
let key: string;
let app: FastifyInstance;
let flowErrors: string[];
let client: Awaited<ReturnType<typeof listenLocal>> | undefined;

/** A channel that reads a durable inbox, reporting its health like the WeChat doors do. */
const channel = (): ChannelAdapter => ({
  name: 'wecom-kf',
  capabilities: { outbound: ['text'], proactive: false },
  needs: { roles: 'any', durableInbox: true },
  start: async () => undefined,
  stop: async () => undefined,
  send: async () => ({}),
  health: () => inboxChannelHealth(inbox.health()),
});
const flows: Pick<FlowsRuntime, 'status'> = {
  status: () => ({ ok: flowErrors.length === 0, flows: ['logistics'], loadedAt: '2026-12-01T08:00:00.000Z', errors: flowErrors }),
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kefu-ready-'));
  dataSource = await createDataSource(`sqlite:${path.join(dir, 'k.sqlite')}`);
});
afterAll(async () => {
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  key = `kefu-test-${randomUUID()}:inbox:wecom-kf`;
  inbox = new DurableInbox({ redis, key, logger, blockMs: 50, unhealthyAfterMs: 200 });
  await inbox.start(async () => undefined);
  flowErrors = [];
  const readiness = kefuReadiness({ redis: { redis }, dataSource, flows, adapters: [channel()] });
  app = await buildServer({ config: configSchema.parse({ logLevel: 'silent', adminToken: ADMIN_TOKEN }), logger, adapters: [], readiness });
  client = undefined;
});
afterEach(async () => {
  await app.close();
  await inbox.stop();
  await redis.del(key);
  redis.disconnect();
});

async function readyz(): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  client ??= await listenLocal(app);
  const res = await client({ url: '/readyz', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { statusCode: res.statusCode, body: res.json() };
}

describe('/readyz: able to serve', () => {
  it('is 200 with Redis, the database and the inbox checked', async () => {
    const { statusCode, body } = await readyz();
    expect(statusCode).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: { redis: true, database: true, 'channel:wecom-kf': true, flows: true },
      failed: [],
      warnings: {},
    });
  });

  it('a flows edit that failed to load is a warning, still 200: the last good version serves', async () => {
    flowErrors = ['flows/logistics.yaml:14:7: Unknown step "dne". Fix: Did you mean "done"?', 'flows/thanks.yaml:3:1: …'];
    const { statusCode, body } = await readyz();
    expect(statusCode).toBe(200);
    expect(body.failed).toEqual([]);
    expect((body.warnings as Record<string, string>).flows).toMatch(
      /serving the version loaded at 2026-12-01.*logistics\.yaml:14:7.*\(\+1 more\)/,
    );
  });

  it('is 503 naming the channel while its inbox cannot be read, and 200 again once it can', async () => {
    await redis.del(key);
    await redis.set(key, 'not a stream'); // every read fails (WRONGTYPE)
    await new Promise((r) => setTimeout(r, 400));
    const broken = await readyz();
    expect(broken.statusCode).toBe(503);
    expect(broken.body.failed).toEqual(['channel:wecom-kf']);
    expect((broken.body.checks as Record<string, string>)['channel:wecom-kf']).toMatch(/inbox reads failing for \d+ s: WRONGTYPE/);
    const probe = await client!({ url: '/readyz' }); // a probe without a token: the name, not the reason
    expect({ status: probe.statusCode, body: probe.json() }).toEqual({
      status: 503,
      body: { status: 'not_ready', failed: ['channel:wecom-kf'] },
    });
    await redis.del(key); // the inbox recreates its group and reads again
    const deadline = Date.now() + 3000;
    while (!inbox.health().ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await readyz()).statusCode).toBe(200);
  });
});
