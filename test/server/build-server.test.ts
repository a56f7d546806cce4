import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerDeps } from '../../src/server/build-server';
import type { AdminService, FlowsStatus } from '../../src/server/admin-service';
import { configSchema } from '../../src/config/schema';
import { createLogger } from '../../src/core/log/create-logger';
import { BadInputError, KefuError } from '../../src/core/errors';
import type { ChannelAdapter } from '../../src/core/channel-adapter';
import { listenLocal } from './http-client';
import { MemoryServiceRecords } from '../../src/flows/actions';

const TOKEN = 'test-admin-token-0123456789';
const clients = new WeakMap<FastifyInstance, Awaited<ReturnType<typeof listenLocal>>>();
/** The loopback client of `app` (listens on first use). */
async function http(app: FastifyInstance): Promise<Awaited<ReturnType<typeof listenLocal>>> {
  if (!clients.has(app)) clients.set(app, await listenLocal(app));
  return clients.get(app)!;
}

const auth = { authorization: `Bearer ${TOKEN}` };

/** A small in-memory admin service that records what it was asked. */
function memoryAdmin(): AdminService & { calls: string[] } {
  const calls: string[] = [];
  const status: FlowsStatus = { ok: true, flows: ['greeting', 'human-handoff'], errors: [] };
  const convs = new Map([
    ['web:-:c1', 'handoff' as 'bot' | 'handoff'],
    ['web:-:c2', 'bot' as 'bot' | 'handoff'],
  ]);
  const records = new MemoryServiceRecords();
  void records.add('invoice', 'u-1', { orderId: '20251119100001', title: '杭州某某科技有限公司' }, Date.parse('2025-11-20T02:00:00Z'));
  return {
    calls,
    listServiceRecords: (query) => records.list(query),
    setServiceRecordStatus: async (ref, status) => {
      const record = await records.setStatus(ref, status);
      if (!record) throw new KefuError('NOT_FOUND', `No record ${ref}.`, 'list records first.');
      calls.push(`record ${ref} ${status}`);
      return record;
    },
    listConversations: async ({ mode }) =>
      [...convs]
        .filter(([, m]) => !mode || m === mode)
        .map(([key, m]) => ({ key, mode: m, ref: { channel: 'web', conversationId: key.split(':')[2]!, userId: 'u' } })),
    releaseConversation: async (key) => {
      if (!convs.has(key)) throw new KefuError('NOT_FOUND', `No conversation ${key}.`, 'list conversations first.');
      convs.set(key, 'bot');
      calls.push(`release ${key}`);
      return { key, mode: 'bot' };
    },
    setOptOut: async (userId, optedOut) => (calls.push(`opt-out ${userId} ${optedOut}`), { userId, optedOut }),
    linkUser: async () => {
      throw new KefuError('NOT_FOUND', 'not in this test.', 'see test/identity.');
    },
    userByCustomer: async () => {
      throw new KefuError('NOT_FOUND', 'not in this test.', 'see test/identity.');
    },
    scheduleCampaign: async (r) => (
      calls.push(`campaign ${r.id} ${r.userIds?.length ?? r.tag}`),
      { id: r.id, users: r.userIds?.length ?? 0, chunks: 1 }
    ),
    reloadFlows: async () => (calls.push('reload'), status),
    flowsStatus: async () => status,
    segments: async () => ({ segments: [], users: 0, countedAt: new Date(0).toISOString(), tookMs: 0, cached: false }),
    channels: async () => [
      { name: 'web', proactive: true, outbound: ['text'] },
      {
        name: 'wechaty',
        proactive: true,
        outbound: ['text'],
        status: { state: 'login_required', qrcode: 'https://login.weixin.qq.com/l/abc' },
      },
    ],
  };
}

async function make(overrides: Partial<ServerDeps> & { adminToken?: string } = {}): Promise<FastifyInstance> {
  const config = configSchema.parse({ adminToken: 'adminToken' in overrides ? overrides.adminToken : TOKEN, logLevel: 'silent' });
  return buildServer({
    config,
    logger: createLogger({ level: 'silent' }),
    adapters: [],
    readiness: async () => ({ redis: true, flows: true }),
    ...overrides,
  });
}

describe('buildServer: health', () => {
  it('GET /healthz is always 200', async () => {
    const app = await make({ readiness: async () => ({ redis: false }) });
    const res = await (await http(app))({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('GET /readyz is 200 when all checks pass and 503 naming the failed ones otherwise (details with the admin token)', async () => {
    let redis: boolean | string = true;
    const app = await make({ readiness: async () => ({ redis, flows: true }) });
    expect((await (await http(app))({ url: '/readyz' })).statusCode).toBe(200);
    redis = 'connect redis://:pw123@127.0.0.1:6379 refused';
    const res = await (await http(app))({ url: '/readyz', headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.json().failed).toEqual(['redis']);
    expect(res.json().checks.redis).toMatch(/^connect redis:\/\/.*refused$/);
    expect(res.body).not.toContain('pw123');
    await app.close();
  });

  it('GET /readyz without a token: status and failed names only, no error strings, paths or warnings', async () => {
    const app = await make({
      readiness: async () => ({
        redis: 'connect ECONNREFUSED 10.1.2.3:6379',
        flows: { warning: 'serving the version loaded at 08:00; flows/logistics.yaml:14:7: Unknown step "dne"' },
      }),
    });
    const res = await (await http(app))({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', failed: ['redis'] });
    expect(res.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|logistics\.yaml|warning/);
    await app.close();
  });

  it('GET /readyz with a wrong token (same or other length, or Basic) is 401 and shows nothing', async () => {
    const app = await make({ readiness: async () => ({ redis: 'connect ECONNREFUSED 10.1.2.3:6379' }) });
    const wrong = [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}-more`, `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}`, ''];
    for (const authorization of wrong) {
      const res = await (await http(app))({ url: '/readyz', headers: { authorization } });
      expect({ authorization, status: res.statusCode }).toEqual({ authorization, status: 401 });
      expect(res.json().message).toMatch(/Fix: send Authorization: Bearer <KEFU_ADMIN_TOKEN>/);
      expect(res.body).not.toContain('ECONNREFUSED');
    }
    await app.close();
  });

  it('GET /readyz with a token while no admin token is configured is 401 saying how to configure one', async () => {
    const app = await make({ adminToken: undefined, readiness: async () => ({ redis: 'connect ECONNREFUSED 10.1.2.3:6379' }) });
    const res = await (await http(app))({ url: '/readyz', headers: auth });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/Fix: set KEFU_ADMIN_TOKEN/);
    expect((await (await http(app))({ url: '/readyz' })).json()).toEqual({ status: 'not_ready', failed: ['redis'] });
    await app.close();
  });

  it('GET /readyz stays 200 with a warning (flows serving their last good version), listed apart from the checks', async () => {
    const app = await make({
      readiness: async () => ({ redis: true, flows: { warning: 'flows did not reload (token=s3cr3t-abc123456789)' } }),
    });
    const res = await (await http(app))({ url: '/readyz', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', checks: { redis: true, flows: true }, failed: [] });
    expect(res.json().warnings.flows).toMatch(/^flows did not reload/);
    expect(res.body).not.toContain('s3cr3t-abc123456789');
    expect((await (await http(app))({ url: '/readyz' })).json()).toEqual({ status: 'ready', failed: [] });
    await app.close();
  });

  it('GET /readyz is 503 when the checks throw', async () => {
    const app = await make({
      readiness: async () => {
        throw new Error('db down');
      },
    });
    const res = await (await http(app))({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', failed: ['readiness'] });
    expect((await (await http(app))({ url: '/readyz', headers: auth })).json().checks.readiness).toBe('db down');
    await app.close();
  });
});

describe('buildServer: admin API', () => {
  let app: FastifyInstance;
  let admin: ReturnType<typeof memoryAdmin>;
  beforeEach(async () => {
    admin = memoryAdmin();
    app = await make({ admin });
  });
  afterEach(() => app.close());

  it.each([undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, 'Bearer '])(
    '401 with authorization %p',
    async (header) => {
      const res = await (
        await http(app)
      )({ url: '/admin/api/flows/status', headers: header === undefined ? {} : { authorization: header } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('UNAUTHORIZED');
      expect(admin.calls).toEqual([]);
    },
  );

  it('lists handoff conversations', async () => {
    const res = await (await http(app))({ url: '/admin/api/conversations?mode=handoff', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().conversations.map((c: { key: string }) => c.key)).toEqual(['web:-:c1']);
  });

  it('rejects an unknown mode with 400', async () => {
    const res = await (await http(app))({ url: '/admin/api/conversations?mode=robot', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('BAD_INPUT');
  });

  it('releases a conversation, and 404s an unknown one', async () => {
    const ok = await (
      await http(app)
    )({ method: 'POST', url: `/admin/api/conversations/${encodeURIComponent('web:-:c1')}/release`, headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ key: 'web:-:c1', mode: 'bot' });
    const missing = await (await http(app))({ method: 'POST', url: '/admin/api/conversations/nope/release', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('NOT_FOUND');
    expect(admin.calls).toEqual(['release web:-:c1']);
  });

  it('sets opt-out and validates the body', async () => {
    const ok = await (await http(app))({ method: 'POST', url: '/admin/api/users/u42/opt-out', headers: auth, payload: { optedOut: true } });
    expect(ok.json()).toEqual({ userId: 'u42', optedOut: true });
    for (const payload of [{ optedOut: 'yes' }, {}, { optedOut: true, extra: 1 }]) {
      const bad = await (await http(app))({ method: 'POST', url: '/admin/api/users/u42/opt-out', headers: auth, payload });
      expect(bad.statusCode).toBe(400);
    }
    const badJson = await (
      await http(app)
    )({
      method: 'POST',
      url: '/admin/api/users/u42/opt-out',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"optedOut":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.body).not.toMatch(/at .*\.js/);
    expect(admin.calls).toEqual(['opt-out u42 true']);
  });

  it('reloads flows and reports status', async () => {
    expect((await (await http(app))({ method: 'POST', url: '/admin/api/flows/reload', headers: auth })).json().flows).toContain('greeting');
    expect((await (await http(app))({ url: '/admin/api/flows/status', headers: auth })).json().ok).toBe(true);
    expect(admin.calls).toEqual(['reload']);
  });

  it('lists the running channels with their status (e.g. the wechaty login QR code), behind the token', async () => {
    const res = await (await http(app))({ url: '/admin/api/channels', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().channels.find((c: { name: string }) => c.name === 'wechaty').status).toEqual({
      state: 'login_required',
      qrcode: 'https://login.weixin.qq.com/l/abc',
    });
    expect((await (await http(app))({ url: '/admin/api/channels' })).statusCode).toBe(401);
  });

  it('lists invoice requests and complaints with filters, sets their status, and validates both', async () => {
    const client = await http(app);
    const listed = await client({ url: '/admin/api/records?kind=invoice&status=open', headers: auth });
    expect(listed.json()).toEqual({ records: [expect.objectContaining({ ref: 'FP20251120-0001', kind: 'invoice', status: 'open' })] });
    expect((await client({ url: '/admin/api/records?kind=complaint', headers: auth })).json()).toEqual({ records: [] });
    expect((await client({ url: '/admin/api/records?kind=refund', headers: auth })).statusCode).toBe(400);
    expect((await client({ url: '/admin/api/records?limit=0', headers: auth })).statusCode).toBe(400);
    expect((await client({ url: '/admin/api/records' })).statusCode).toBe(401);
    const setStatus = (ref: string, status: string) =>
      client({
        method: 'POST',
        url: `/admin/api/records/${ref}/status`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ status }),
      });
    expect((await setStatus('FP20251120-0001', 'done')).json()).toMatchObject({ ref: 'FP20251120-0001', status: 'done' });
    expect((await setStatus('FP20251120-0001', 'closed')).statusCode).toBe(400);
    const unknown = await setStatus('FP20990101-0009', 'done');
    expect(unknown.statusCode).toBe(404);
    expect(admin.calls).toContain('record FP20251120-0001 done');
  });

  it('answers 413 for bodies over 1 MB', async () => {
    const res = await (
      await http(app)
    )({
      method: 'POST',
      url: '/admin/api/users/u1/opt-out',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ optedOut: true, pad: 'x'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
  });
});

describe('buildServer: admin disabled or unwired', () => {
  it('404 ADMIN_DISABLED with a fix when no token is configured', async () => {
    const app = await make({ adminToken: undefined, admin: memoryAdmin() });
    const res = await (await http(app))({ url: '/admin/api/flows/status', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('ADMIN_DISABLED');
    expect(res.json().message).toContain('KEFU_ADMIN_TOKEN');
    await app.close();
  });

  it('503 when a token is set but no admin service is wired', async () => {
    const app = await make();
    const res = await (await http(app))({ url: '/admin/api/flows/status', headers: auth });
    expect(res.statusCode).toBe(503);
    await app.close();
  });
});

describe('buildServer: errors and adapters', () => {
  it('maps KefuError to JSON and hides unknown errors', async () => {
    const adapter: ChannelAdapter = {
      name: 'probe',
      capabilities: { outbound: ['text'], proactive: false },
      needs: { roles: 'serving' },
      registerRoutes(app) {
        app.get('/probe/bad', async () => {
          throw new BadInputError('The field x must be a number.');
        });
        app.get('/probe/boom', async () => {
          throw new Error('secret at /home/app/db.ts password=hunter2');
        });
      },
      start: async () => undefined,
      stop: async () => undefined,
      send: async () => ({}),
    };
    const app = await make({ adapters: [adapter] });
    const bad = await (await http(app))({ url: '/probe/bad' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'BAD_INPUT', message: 'The field x must be a number.' });
    const boom = await (await http(app))({ url: '/probe/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json().error).toBe('INTERNAL');
    expect(boom.body).not.toMatch(/hunter2|db\.ts|stack/);
    const missing = await (await http(app))({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('NOT_FOUND');
    await app.close();
  });
});
