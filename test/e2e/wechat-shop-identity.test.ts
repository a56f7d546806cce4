/**
 * WeChat shoppers known to the shop, through a running kefu: signed pushes to the Official Account and Mini Program
 * doors (the fake WeChat platform on loopback), openids mapped by the loopback fake merchant API, real Redis, SQLite.
 * The turn must run as the shop's customer (order look-ups by the shop's id), and one customer arriving on the web
 * chat with a signed identity and on WeChat by openid is one kefu user.
 */
import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '../../src/core/message';
import { conversationKey } from '../../src/core/message';
import { signIdentity } from '../../src/identity/signed-identity';
import { ShopIdentities } from '../../src/identity/shop-identities';
import { TestClient } from '../adapters/web/harness';
import { startFakeMerchant, type FakeMerchant } from '../commerce/fake-merchant';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { pollUntil, waitUntil } from '../helpers/wait-until';

jest.setTimeout(90_000);
const SECRET = 'kefu-identity-secret-for-wechat-tests-0123';
const ADMIN = 'admin-token-for-wechat-identity-tests';
const MERCHANT = 'merchant-token-wechat-identity';
const OFFICIAL: FakeApp = {
  appId: 'wxid0000000000000001',
  secret: 'official-secret',
  token: 'officialToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const MINI: FakeApp = {
  appId: 'wxid0000000000000002',
  secret: 'mini-secret',
  token: 'miniToken2026',
  encodingAesKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
  kind: 'mini',
};

let fake: FakeWechatServer;
let merchant: FakeMerchant;
let test: TestKefu;

beforeAll(async () => {
  fake = await FakeWechatServer.start({ apps: [OFFICIAL, MINI] });
  merchant = await startFakeMerchant(MERCHANT);
  test = await startTestKefu(() => ({
    adminToken: ADMIN,
    identitySecret: SECRET,
    quietHours: 'off',
    commerce: 'http',
    commerceUrl: merchant.url,
    commerceToken: MERCHANT,
    wechatOfficialAppId: OFFICIAL.appId,
    wechatOfficialToken: OFFICIAL.token,
    wechatOfficialAesKey: OFFICIAL.encodingAesKey,
    wechatOfficialSecret: OFFICIAL.secret,
    wechatMiniAppId: MINI.appId,
    wechatMiniToken: MINI.token,
    wechatMiniAesKey: MINI.encodingAesKey,
    wechatMiniSecret: MINI.secret,
    wechatMiniFormat: 'json',
    wechatApiBase: fake.baseUrl,
  }));
});

afterAll(async () => {
  await test?.close();
  await merchant?.close();
  await fake?.close();
});

/** Each door's shopper is a different customer of the fake merchant's shop (the demo fixtures), with a shipped order. */
const DOORS = [
  {
    channel: 'wechat-official',
    app: OFFICIAL,
    path: '/wechat/official',
    format: 'xml' as const,
    customer: 'u-demo-2',
    shipped: '20251116200002',
  },
  { channel: 'wechat-mini', app: MINI, path: '/wechat/mini', format: 'json' as const, customer: 'u-demo-1', shipped: '20251115100005' },
];
type Door = (typeof DOORS)[number];

const textOf = (m: OutboundMessage): string => ('text' in m && typeof m.text === 'string' ? m.text : JSON.stringify(m));
const merchantLines = (): string[] => merchant.seen.map((s) => s.line);

/** A signed (safe-mode) push of `text` from `openid` through `door`; resolves once kefu answered it. */
async function push(door: Door, openid: string, text: string): Promise<string[]> {
  const before = receivedBy(fake, openid).length;
  fake.webhookBase = `${test.kefu.url}${door.path}`;
  const result = await fake.push(
    door.app.appId,
    { FromUserName: openid, MsgType: 'text', Content: text },
    { safe: true, format: door.format },
  );
  expect(result.attempts.map((a) => a.status)).toEqual([200]);
  await waitUntil(
    () => receivedBy(fake, openid).length > before,
    () => receivedBy(fake, openid),
    20_000,
  );
  await test.kefu.core.recorder.flush();
  return receivedBy(fake, openid).slice(before).map(textOf);
}

/** The kefu user a recorded conversation belongs to. */
async function ownerOf(channel: string, conversationId: string, accountId?: string): Promise<string | null | undefined> {
  const { core } = test.kefu;
  const key = conversationKey({ channel, accountId, conversationId, userId: 'x' });
  const row = await pollUntil(
    async () => (await core.recorder.flush(), core.conversations.getConversation(key)),
    (r) => Boolean(r?.userId),
    5000,
    `the ${channel} conversation ${conversationId} to be recorded`,
  );
  return row?.userId;
}

describe.each(DOORS)('the $channel door maps a known openid to the shop customer', (door) => {
  it('runs the turn as that customer: orders are looked up by the shop id and shown; an unknown openid stays itself', async () => {
    const { core } = test.kefu;
    const openid = `o-${door.channel}-${randomUUID().slice(0, 8)}`;
    merchant.openids.set(openid, door.customer);
    const mark = merchant.seen.length;

    const replies = await push(door, openid, '我的快递到哪了');

    const lines = merchantLines().slice(mark);
    expect(lines).toContain(`GET /customers/by-openid/${openid}?appId=${door.app.appId}`);
    expect(lines).toContain(`GET /users/${door.customer}/orders`);
    const customer = await core.identities.byCustomer(door.customer);
    expect(customer?.identities).toEqual(expect.arrayContaining([{ channel: door.channel, externalId: openid }]));
    expect(await ownerOf(door.channel, openid, door.app.appId)).toBe(customer!.id);
    expect(ShopIdentities.customerIdOf((await core.users.get(customer!.id))!)).toBe(door.customer);
    // The shopper sees the shop customer's own orders, which kefu's user id would never have found.
    expect(replies.join('\n')).toMatch(door.shipped);

    // An openid the shop does not know: its own kefu user, and the merchant is asked with kefu's id.
    const stranger = `o-${door.channel}-stranger-${randomUUID().slice(0, 6)}`;
    const strangerMark = merchant.seen.length;
    const strangerReplies = await push(door, stranger, '我的快递到哪了');
    const strangerUser = await core.users.resolve(door.channel, stranger);
    expect(strangerUser.identities).toEqual([{ channel: door.channel, externalId: stranger }]);
    expect(await ownerOf(door.channel, stranger, door.app.appId)).toBe(strangerUser.id);
    expect(merchantLines().slice(strangerMark)).not.toContain(`GET /users/${door.customer}/orders`);
    expect(strangerReplies.join('\n')).not.toMatch(door.shipped);
  });
});

describe('one shopper across doors', () => {
  it('the customer on WeChat (openid look-up) and on the web chat (signed identity) is one kefu user: history and opt-out shared', async () => {
    const { core } = test.kefu;
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    const openid = `o-both-${randomUUID().slice(0, 8)}`;
    merchant.openids.set(openid, customerId);
    const [official] = DOORS;

    // On WeChat first: the openid maps to the customer, who opts out of proactive messages there.
    await push(official!, openid, '你好');
    const wechatOwner = await ownerOf('wechat-official', openid, OFFICIAL.appId);
    const optOutReplies = await push(official!, openid, '退订');
    expect(optOutReplies.join('\n')).toMatch(/退订/);
    expect((await core.users.get(wechatOwner!))?.optedOut).toBe(true);

    // Then on the web: an anonymous visitor chats, logs in (signed identity) and chats again.
    const browser = `u_browser_${randomUUID().slice(0, 8)}`;
    const anonymous = await webChat(browser);
    const anonymousOwner = await ownerOf('web', anonymous);
    expect(anonymousOwner).not.toBe(wechatOwner);
    const signedIn = await webChat(browser, signIdentity(customerId, SECRET, 600));

    const customer = await core.identities.byCustomer(customerId);
    expect(customer?.id).toBe(wechatOwner);
    // One user: every conversation on both doors is the customer's, the visitor is gone, the opt-out holds on the web.
    expect(await ownerOf('web', signedIn)).toBe(customer!.id);
    expect(await ownerOf('web', anonymous)).toBe(customer!.id);
    expect(await ownerOf('wechat-official', openid, OFFICIAL.appId)).toBe(customer!.id);
    expect(await core.users.get(anonymousOwner!)).toBeUndefined();
    const user = await core.users.get(customer!.id);
    expect(user?.optedOut).toBe(true);
    expect(user?.identities).toEqual(
      expect.arrayContaining([
        { channel: 'shop', externalId: customerId },
        { channel: 'wechat-official', externalId: openid },
      ]),
    );
    const byAdmin = await fetch(`${test.kefu.url}/admin/api/users/by-customer/${customerId}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(await byAdmin.json()).toMatchObject({ id: customer!.id, optedOut: true });
  });
});

/** One web chat turn from `browser` (optionally with a signed identity); resolves with its conversation id. */
async function webChat(browser: string, identity?: string): Promise<string> {
  const client = await TestClient.open(`${test.kefu.url.replace('http', 'ws')}/chat/ws`);
  try {
    client.json({ type: 'hello', userId: browser, ...(identity === undefined ? {} : { identity }) });
    const welcome = (await client.next((f) => f.type === 'welcome')) as { conversationId: string };
    await client.ask('你好');
    return welcome.conversationId;
  } finally {
    client.close();
  }
}
