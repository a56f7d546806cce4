/**
 * Identity from the shop, through a running kefu (real HTTP and WebSocket on loopback, real Redis, SQLite):
 * signed identities on the web widget's socket, the admin link API, events by the shop's customer id, and
 * WeChat openids mapped through the merchant API (the loopback fake merchant).
 */
import { TestClient } from '../adapters/web/harness';
import { pollUntil } from '../helpers/wait-until';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { startFakeMerchant, type FakeMerchant } from '../commerce/fake-merchant';
import { conversationKey } from '../../src/core/message';
import { signIdentity } from '../../src/identity/signed-identity';
import { ShopIdentities } from '../../src/identity/shop-identities';
import { HttpCommerce } from '../../src/commerce/http-gateway';
import { withShopCustomerIds } from '../../src/identity/shop-id-commerce';
import { DemoCommerce } from '../../src/commerce/demo-store';
import type { CommerceEvent } from '../../src/commerce/gateway';

const SECRET = 'kefu-identity-secret-for-tests-0123456789';
const ADMIN = 'admin-token-for-identity-tests';
const MERCHANT = 'merchant-token-identity';

let test: TestKefu;
let merchant: FakeMerchant;
let wsUrl: string;
/** What the fake merchant's event feed (`GET /events`) serves, oldest first; the cursor is the index of the last one. */
const feed: CommerceEvent[] = [];

beforeAll(async () => {
  const shop = new DemoCommerce();
  shop.events = async (after, limit = 100) => {
    const start = after === undefined ? 0 : Number(after) + 1;
    const events = feed.slice(start, start + limit);
    return { events, cursor: events.length > 0 ? String(start + events.length - 1) : after };
  };
  merchant = await startFakeMerchant(MERCHANT, shop);
  test = await startTestKefu(() => ({
    identitySecret: SECRET,
    adminToken: ADMIN,
    commerce: 'http',
    commerceUrl: merchant.url,
    commerceToken: MERCHANT,
  }));
  wsUrl = `${test.kefu.url.replace('http', 'ws')}/chat/ws`;
});

afterAll(async () => {
  await test?.close();
  await merchant?.close();
});

/** Open the chat with `identity`, say one thing, and return who kefu recorded the conversation for. */
async function chatAs(browser: string, identity?: string): Promise<{ userId: string | null | undefined; conversationId: string }> {
  const client = await TestClient.open(wsUrl);
  client.json({ type: 'hello', userId: browser, ...(identity === undefined ? {} : { identity }) });
  const welcome = (await client.next((f) => f.type === 'welcome')) as { conversationId: string };
  await client.ask('你好');
  client.close();
  const { core } = test.kefu;
  const key = conversationKey({ channel: 'web', conversationId: welcome.conversationId, userId: browser });
  // The turn is recorded right after its replies went out.
  const row = await pollUntil(
    async () => (await core.recorder.flush(), core.conversations.getConversation(key)),
    (r) => Boolean(r?.userId),
    5000,
    'the chat to be recorded',
  );
  return { userId: row?.userId, conversationId: welcome.conversationId };
}

async function admin(
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN,
): Promise<{ status: number; json: Record<string, unknown> & { identities?: unknown; id?: string } }> {
  const res = await fetch(`${test.kefu.url}/admin/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

describe('signed identity on the web chat', () => {
  it('a valid identity makes the chat the shop customer’s; forged, expired, far-future and replayed ones stay anonymous', async () => {
    const { core } = test.kefu;
    const anonymous = await chatAs('u_browser_anon_1');
    expect(anonymous.userId).toBeTruthy();
    expect(await core.identities.byCustomer('C10086')).toBeUndefined();

    const forged = signIdentity('C10086', 'not-the-shop-secret-not-the-shop-secret', 600);
    const expired = signIdentity('C10086', SECRET, 600, Date.now() - 601_000); // replayed after its exp
    const farFuture = signIdentity('C10086', SECRET, 7 * 86_400);
    for (const [i, token] of [forged, expired, farFuture, 'not-a-token'].entries()) {
      const chat = await chatAs(`u_browser_bad_${i}`, token);
      expect(chat.userId).toBeTruthy();
      expect((await core.users.get(chat.userId!))?.identities).toEqual([{ channel: 'web', externalId: `u_browser_bad_${i}` }]);
    }
    expect(await core.identities.byCustomer('C10086')).toBeUndefined(); // never someone else, never created

    const valid = await chatAs('u_browser_anon_1', signIdentity('C10086', SECRET, 600));
    const customer = await core.identities.byCustomer('C10086');
    expect(customer).toBeDefined();
    expect(valid.userId).toBe(customer!.id);
    // The anonymous chat this browser had before now belongs to the customer too.
    await core.recorder.flush();
    const before = await core.conversations.getConversation(
      conversationKey({ channel: 'web', conversationId: anonymous.conversationId, userId: 'x' }),
    );
    expect(before?.userId).toBe(customer!.id);
    expect(await core.users.get(anonymous.userId!)).toBeUndefined();
  });
});

describe('admin link API and look-up by customer id', () => {
  it('requires the admin token', async () => {
    const body = { customerId: 'C20002', channel: 'wechaty', externalId: 'wxid_abc' };
    expect((await admin('POST', '/users/link', body, '')).status).toBe(401);
    expect((await admin('POST', '/users/link', body, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await admin('GET', '/users/by-customer/C20002', undefined, '')).status).toBe(401);
  });

  it('links a wechaty contact to a shop customer, merging what kefu knew of the contact', async () => {
    const { core } = test.kefu;
    const contact = await core.users.resolve('wechaty', 'wxid_abc', '阿珍');
    await core.users.update(contact.id, { optedOut: true, tags: ['直播间'] });
    expect((await admin('GET', '/users/by-customer/C20002')).status).toBe(404);
    const linked = await admin('POST', '/users/link', { customerId: 'C20002', channel: 'wechaty', externalId: 'wxid_abc' });
    expect(linked.status).toBe(200);
    expect(linked.json).toMatchObject({ customerId: 'C20002', optedOut: true, tags: ['直播间'] });
    expect(linked.json.identities).toEqual(
      expect.arrayContaining([
        { channel: 'shop', externalId: 'C20002' },
        { channel: 'wechaty', externalId: 'wxid_abc' },
      ]),
    );
    const found = await admin('GET', '/users/by-customer/C20002');
    expect(found).toMatchObject({ status: 200, json: { id: linked.json.id, customerId: 'C20002' } });
    expect((await core.users.resolve('wechaty', 'wxid_abc')).id).toBe(linked.json.id);
    expect((await admin('POST', '/users/link', { customerId: 'C20002', channel: 'shop', externalId: 'x' })).status).toBe(400);
  });
});

describe('events by the shop customer id', () => {
  it('POST /events accepts customerId, resolving (and creating) the kefu user', async () => {
    const { core } = test.kefu;
    const res = await fetch(`${test.kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { id: 'evt-identity-1', type: 'cart_add', customerId: 'C40004', payload: { cartId: 'cart-1' } },
        { id: 'evt-identity-2', type: 'cart_add', payload: { cartId: 'cart-2' } },
      ]),
    });
    const body = (await res.json()) as { accepted: { id: string }[]; rejected: { id: string; reason: string }[] };
    expect(res.status).toBe(207);
    expect(body.accepted.map((a) => a.id)).toEqual(['evt-identity-1']);
    expect(body.rejected[0]).toMatchObject({ id: 'evt-identity-2', reason: expect.stringContaining('customerId') });
    const user = await core.identities.byCustomer('C40004');
    expect(user?.identities).toEqual([{ channel: 'shop', externalId: 'C40004' }]);
  });
});

describe('events by the shop customer id from the Redis list and the commerce feed', () => {
  const paid = (id: string, customerId: string, orderId: string): CommerceEvent => ({
    id,
    type: 'order_paid',
    customerId,
    at: Date.now(),
    payload: { orderId, amount: 99 },
  });
  /** The shopper's order history once it counts `count` orders (the profile read from the database). */
  const ordersOnceCounted = (userId: string, count: number) =>
    pollUntil(
      () => test.kefu.core.userStore.get(userId),
      (u) => u?.orders?.count === count,
      10_000,
      `user ${userId} to have ${count} order(s)`,
    );

  it.each([
    [
      'the Redis list',
      'C81001',
      'C81002',
      async (events: CommerceEvent[]): Promise<void> =>
        void (await test.kefu.core.redis.redis.rpush(`${test.kefu.core.config.redisPrefix}:events:in`, JSON.stringify(events))),
    ],
    ['the commerce feed', 'C82001', 'C82002', async (events: CommerceEvent[]): Promise<void> => void feed.push(...events)],
  ] as const)(
    '%s: a known customer’s event reaches their kefu user; an unknown customer id creates the user',
    async (_from, known, unknown, send) => {
      const { core } = test.kefu;
      const linked = await core.identities.linkCustomer(known, 'wechaty', `wxid_${known}`);
      expect(await core.identities.byCustomer(unknown)).toBeUndefined();
      await send([paid(`evt-${known}`, known, `O-${known}`), paid(`evt-${unknown}`, unknown, `O-${unknown}`)]);

      const user = await ordersOnceCounted(linked.id, 1);
      expect(user!.isNew).toBe(false);
      expect(user!.identities).toEqual(expect.arrayContaining([{ channel: 'wechaty', externalId: `wxid_${known}` }]));
      const created = await pollUntil(() => core.identities.byCustomer(unknown), Boolean, 10_000, `the user of ${unknown}`);
      expect(created!.identities).toEqual([{ channel: 'shop', externalId: unknown }]);
      expect((await ordersOnceCounted(created!.id, 1))!.isNew).toBe(false);
      // No kefu user was made from a customer id taken for kefu's own id.
      expect(await core.userStore.get(known)).toBeUndefined();
    },
  );
});

describe('WeChat openids through the merchant API', () => {
  it('maps an openid to the shop customer once, asks the merchant with the shop id, and remembers an unknown openid', async () => {
    const { core } = test.kefu;
    merchant.openids.set('o_wx_openid_1', 'C50005');
    const commerce = new HttpCommerce({ baseUrl: merchant.url, token: MERCHANT });
    const identities = new ShopIdentities({ store: core.userStore, customerByOpenId: (o, a) => commerce.customerByOpenId(o, a) });
    const ref = { channel: 'wechat-official', conversationId: 'o_wx_openid_1', userId: 'o_wx_openid_1', accountId: 'wx0123' };
    const user = await identities.identify(ref);
    expect(user.identities).toEqual(
      expect.arrayContaining([
        { channel: 'wechat-official', externalId: 'o_wx_openid_1' },
        { channel: 'shop', externalId: 'C50005' },
      ]),
    );
    expect(merchant.seen.map((s) => s.line)).toContain('GET /customers/by-openid/o_wx_openid_1?appId=wx0123');
    // Only the openid look-ups count: the running bot may ask the merchant about orders in the background.
    const lookUps = (): string[] => merchant.seen.map((s) => s.line).filter((l) => l.startsWith('GET /customers/by-openid/'));
    const asked = lookUps().length;
    expect((await identities.identify(ref)).id).toBe(user.id); // known now: the merchant is not asked again
    const unknown = { ...ref, conversationId: 'o_unknown', userId: 'o_unknown' };
    expect((await identities.identify(unknown)).identities).toEqual([{ channel: 'wechat-official', externalId: 'o_unknown' }]);
    await identities.identify(unknown);
    expect(lookUps().length).toBe(asked + 1); // one look-up for the unknown openid, remembered
    // The merchant API is asked about orders with the shop's customer id.
    const before = merchant.seen.length;
    await withShopCustomerIds(commerce, core.userStore).listOrders(user.id);
    expect(merchant.seen.slice(before).map((s) => s.line)).toContain('GET /users/C50005/orders');
  });
});
