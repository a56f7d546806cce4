import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { createLogger, type Logger } from '../../../src/index';
import { startBf, APP_ID, type BfHarness } from './harness';

/** With an App ID, only Activities carrying a token the channel service signed for this bot are processed. */
describe('BotFrameworkAdapter authentication (App ID set, fake OpenID metadata + JWKS on loopback)', () => {
  let h: BfHarness;
  beforeEach(async () => {
    h = await startBf();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Nothing was processed: no turn, no reply at the connector, no conversation reference kept. */
  async function expectNothingProcessed(conversationId: string): Promise<void> {
    expect(h.got).toHaveLength(0);
    expect(h.fake.received).toHaveLength(0);
    expect(await h.redis.keys(`${h.prefix}:botframework:*${conversationId}*`)).toEqual([]);
  }

  const cases: [string, (conversationId: string) => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['a token signed by a key the JWKS does not list', () => h.fake.token({}, true)],
    ['a token for another App ID', () => h.fake.token({ aud: 'someone-elses-bot' })],
    ['a token from another issuer', () => h.fake.token({ iss: 'https://evil.example' })],
    ['an expired token', () => h.fake.token({ expiresIn: -3600 })],
    ['a token for another serviceUrl', () => h.fake.token({ serviceurl: 'https://smba.trafficmanager.net/elsewhere/' })],
    ['a channel-service token without a serviceurl claim', () => h.fake.token({ serviceurl: '' })],
    ['a token that is no JWT', async () => 'not-a-jwt'],
  ];

  it.each(cases)('%s → 401 with a reason, nothing processed', async (_what, makeToken) => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const token = await makeToken(conversationId);
    const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), token ? { token } : {});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized', reason: expect.any(String) });
    await expectNothingProcessed(conversationId);
  });

  it('a token whose signing key is not endorsed for the Activity’s channel → 401, nothing processed', async () => {
    await h.close();
    h = await startBf({ fake: { endorsements: ['msteams'] } });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), { token: true }); // channelId webchat
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized', reason: 'signing key not endorsed for this channel' } });
    await expectNothingProcessed(conversationId);
    const teams = `c-${randomUUID().slice(0, 8)}`;
    const ok = await h.fake.post(h.endpoint, h.fake.message(teams, 'u-1', '你好', { channelId: 'msteams' }), { token: true });
    expect(ok.status).toBe(200);
    expect(h.got.map((m) => m.ref.accountId)).toEqual(['msteams']);
  });

  it("a valid token → 200, the turn runs, and the reply carries the bot's client-credentials token", async () => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), { token: true });
    expect(res.status).toBe(200);
    expect(h.got.map((m) => m.text)).toEqual(['你好']);
    await h.adapter.send(h.got[0]!.ref, { type: 'text', text: '您好～' }, { inReplyTo: h.got[0]!.id });
    const [reply] = h.fake.receivedIn(conversationId);
    expect(reply).toMatchObject({ replyToId: h.got[0]!.id, authorization: expect.stringMatching(/^Bearer fake-access-/) });
    expect(h.fake.tokenRequests[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: APP_ID,
      scope: 'https://api.botframework.com/.default',
    });
  });

  it('concurrent sends share one token fetch (single-flight), later sends reuse the cached token', async () => {
    await h.close();
    h = await startBf({ fake: { tokenDelayMs: 150 } });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), { token: true });
    const ref = h.got[0]!.ref;
    await Promise.all(Array.from({ length: 10 }, (_, i) => h.adapter.send(ref, { type: 'text', text: `第 ${i} 条` })));
    await h.adapter.send(ref, { type: 'text', text: '再来一条' });
    expect(h.fake.receivedIn(conversationId)).toHaveLength(11);
    expect(h.fake.tokenRequests).toHaveLength(1);
    expect(h.adapter.tokenFetches).toBe(1);
  });

  it('a token that expires is fetched again', async () => {
    await h.close();
    h = await startBf({ fake: { tokenLifetimeSec: 60 } }); // inside the 5-minute renewal margin: never reused
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), { token: true });
    await h.adapter.send(h.got[0]!.ref, { type: 'text', text: '一' });
    await h.adapter.send(h.got[0]!.ref, { type: 'text', text: '二' });
    expect(h.fake.tokenRequests).toHaveLength(2);
  });
});

/** A single-tenant bot also accepts tokens Entra issued in its tenant, checked against the tenant's own OpenID metadata. */
describe('BotFrameworkAdapter authentication, single-tenant bot (KEFU_BOTFRAMEWORK_TENANT)', () => {
  const TENANT = '11111111-2222-3333-4444-555555555555';
  let h: BfHarness;
  beforeEach(async () => {
    h = await startBf({ adapter: { tenantId: TENANT }, fake: { tenant: TENANT } });
  });
  afterEach(async () => {
    await h.close();
  });

  const post = async (token: string): Promise<{ status: number; body: unknown; conversationId: string }> => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    return { ...(await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '你好'), { token })), conversationId };
  };

  it('tokens of the tenant’s v1 and v2 issuers, signed with the tenant’s key → 200 (no serviceurl claim needed)', async () => {
    expect((await post(await h.fake.tenantToken(TENANT))).status).toBe(200);
    expect((await post(await h.fake.tenantToken(TENANT, { iss: `${h.fake.baseUrl}/${TENANT}/v2.0` }))).status).toBe(200);
    expect(h.got).toHaveLength(2);
  });

  it.each<[string, (tenantKeyToken: (claims?: object) => Promise<string>) => Promise<string>]>([
    ['another tenant’s issuer', (t) => t({ iss: 'https://sts.windows.net/99999999-0000-0000-0000-000000000000/' })],
    [
      'the channel service’s issuer with the tenant’s key',
      (t) => t({ iss: 'https://api.botframework.com', serviceurl: h.fake.serviceUrl }),
    ],
    ['the tenant’s issuer but another App ID', (t) => t({ aud: 'someone-elses-bot' })],
    ['the tenant’s issuer with a serviceurl claim for another serviceUrl', (t) => t({ serviceurl: 'https://evil.example/' })],
  ])('%s → 401, nothing processed', async (_what, make) => {
    const res = await post(await make((claims = {}) => h.fake.tenantToken(TENANT, claims)));
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(h.got).toHaveLength(0);
    expect(h.fake.receivedIn(res.conversationId)).toEqual([]);
  });

  it('without KEFU_BOTFRAMEWORK_TENANT the same tenant token is refused (untrusted issuer)', async () => {
    await h.close();
    h = await startBf({ fake: { tenant: TENANT } });
    const res = await post(await h.fake.tenantToken(TENANT));
    expect(res).toMatchObject({ status: 401, body: { reason: 'token from an untrusted issuer' } });
    expect(h.got).toHaveLength(0);
  });
});

/** A non-loopback IPv4 address of this machine, to reach the adapter from "elsewhere" over real TCP. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Log lines a logger wrote (JSON), to see the start-up warnings. */
function capturedLogger(): { logger: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('BotFrameworkAdapter without an App ID (Bot Framework Emulator)', () => {
  let h: BfHarness;
  afterEach(async () => {
    await h?.close();
  });

  /** Nothing was processed: no turn, no conversation reference kept. */
  async function expectNothingProcessed(conversationId: string): Promise<void> {
    expect(h.got).toHaveLength(0);
    expect(await h.redis.keys(`${h.prefix}:botframework:*${conversationId}*`)).toEqual([]);
  }

  it('accepts a request from this machine with a loopback serviceUrl, without a token, and replies without one', async () => {
    h = await startBf({ auth: false });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗'));
    expect(res.status).toBe(200);
    await h.adapter.send(h.got[0]!.ref, { type: 'text', text: '在的～' });
    const [reply] = h.fake.receivedIn(conversationId);
    expect(reply!.authorization).toBeUndefined();
    expect(h.fake.tokenRequests).toHaveLength(0);
    expect(h.adapter.status().detail).toContain('只接受本机');
  });

  it('a localhost serviceUrl (the Emulator’s) is accepted too', async () => {
    h = await startBf({ auth: false });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const serviceUrl = h.fake.serviceUrl.replace('127.0.0.1', 'localhost');
    expect((await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗', { serviceUrl }))).status).toBe(200);
    expect(h.got).toHaveLength(1);
  });

  it.each([['https://attacker.example/connector/'], ['http://192.0.2.10:3978/'], ['http://localhost.attacker.example/']])(
    'a serviceUrl off this machine (%s) → 401 with a fix, nothing processed, nothing sent',
    async (serviceUrl) => {
      h = await startBf({ auth: false });
      const conversationId = `c-${randomUUID().slice(0, 8)}`;
      const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗', { serviceUrl }));
      expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      expect((res.body as { reason: string }).reason).toMatch(
        /serviceUrl must be on this machine.*KEFU_BOTFRAMEWORK_APP_ID.*KEFU_BOTFRAMEWORK_EMULATOR=true/s,
      );
      await expectNothingProcessed(conversationId);
    },
  );

  it('a request relayed by a proxy (X-Forwarded-For) → 401 with a fix, nothing processed', async () => {
    h = await startBf({ auth: false });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const res = await fetch(h.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify(h.fake.message(conversationId, 'u-1', '在吗')),
    });
    expect(res.status).toBe(401);
    expect((await res.json()) as unknown).toMatchObject({
      reason: expect.stringMatching(/only the Bot Framework Emulator on this machine.*KEFU_BOTFRAMEWORK_PASSWORD/s),
    });
    await expectNothingProcessed(conversationId);
  });

  (externalAddress ? it : it.skip)(
    'a request from another address (real TCP to a non-loopback interface) → 401, nothing processed',
    async () => {
      h = await startBf({ auth: false, host: '0.0.0.0' });
      const conversationId = `c-${randomUUID().slice(0, 8)}`;
      const external = h.endpoint.replace('127.0.0.1', externalAddress!);
      const res = await h.fake.post(external, h.fake.message(conversationId, 'u-1', '在吗'));
      expect(res).toMatchObject({ status: 401, body: { reason: expect.stringContaining('this request came from elsewhere') } });
      await expectNothingProcessed(conversationId);
      expect((await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗'))).status).toBe(200); // same server, from loopback
    },
  );

  it('allowUnauthenticated (KEFU_BOTFRAMEWORK_EMULATOR=true) serves any caller and serviceUrl, and warns loudly at start', async () => {
    const { logger, lines } = capturedLogger();
    h = await startBf({ auth: false, host: '0.0.0.0', adapter: { allowUnauthenticated: true, logger } });
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([expect.stringContaining('UNAUTHENTICATED FROM ANYWHERE')]);
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const res = await fetch(h.endpoint.replace('127.0.0.1', externalAddress ?? '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify(h.fake.message(conversationId, 'u-1', '在吗', { serviceUrl: 'https://elsewhere.example/' })),
    });
    expect(res.status).toBe(200);
    expect(h.got.map((m) => m.text)).toEqual(['在吗']);
    expect(h.adapter.status().detail).toContain('接受任何来源');
  });

  it('the loopback-only mode starts without a warning; an App ID ignores allowUnauthenticated', async () => {
    const quiet = capturedLogger();
    h = await startBf({ auth: false, adapter: { logger: quiet.logger } });
    expect(quiet.lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(quiet.lines.map((l) => l.msg)).toEqual([expect.stringContaining('serves only the Bot Framework Emulator on this machine')]);
    await h.close();
    h = await startBf({ adapter: { allowUnauthenticated: true } });
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    expect((await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗'))).status).toBe(401);
    await expectNothingProcessed(conversationId);
  });
});
