import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { BotFrameworkAdapter } from '../../../adapters/botframework';
import { ConfigError, createLogger } from '../../../src/index';
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

describe('BotFrameworkAdapter without an App ID (Bot Framework Emulator)', () => {
  it('accepts requests without a token and replies without one', async () => {
    const h = await startBf({ auth: false });
    try {
      const conversationId = `c-${randomUUID().slice(0, 8)}`;
      const res = await h.fake.post(h.endpoint, h.fake.message(conversationId, 'u-1', '在吗'));
      expect(res.status).toBe(200);
      await h.adapter.send(h.got[0]!.ref, { type: 'text', text: '在的～' });
      const [reply] = h.fake.receivedIn(conversationId);
      expect(reply!.authorization).toBeUndefined();
      expect(h.fake.tokenRequests).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('refuses to open without an App ID unless the Emulator mode is asked for', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
    const make = (): BotFrameworkAdapter => new BotFrameworkAdapter({ redis, logger: createLogger({ level: 'silent' }) });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/appId is empty.*allowUnauthenticated for the local Emulator only/s);
    redis.disconnect();
  });
});
