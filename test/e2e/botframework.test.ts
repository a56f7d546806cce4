import { randomUUID } from 'node:crypto';
import { listDeadLetters } from '../../src/outreach/dead-letters';
import { FakeBotFramework, type ReceivedActivity } from '../helpers/fake-botframework';
import { pollUntil, waitUntil } from '../helpers/wait-until';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-for-tests-0123456789';
const APP_ID = '00000000-aaaa-bbbb-cccc-0000000000e2';
const APP_PASSWORD = 'e2e-client-secret';

const texts = (received: ReceivedActivity[]): string[] =>
  received.flatMap((r) => (typeof r.activity.text === 'string' ? [r.activity.text] : []));

describe('Bot Framework through `kefu start` (App ID, real flows and outreach, fake channel service on loopback)', () => {
  let fake: FakeBotFramework;
  let running: TestKefu;
  let endpoint: string;

  beforeAll(async () => {
    fake = await FakeBotFramework.start({ appId: APP_ID, appPassword: APP_PASSWORD });
    running = await startTestKefu(() => ({
      adminToken: TOKEN,
      quietHours: 'off',
      botframeworkAppId: APP_ID,
      botframeworkPassword: APP_PASSWORD,
      botframeworkOpenIdUrl: fake.openIdUrl,
      botframeworkLoginUrl: fake.baseUrl,
    }));
    endpoint = `${running.kefu.url}/api/messages`;
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('a shopper opens the chat (membersAdded): the welcome flow greets them, as a reply with the bot token', async () => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const update = fake.activity('conversationUpdate', conversationId, 'u-welcome', {
      membersAdded: [{ id: 'kefu-bot' }, { id: 'u-welcome' }],
    });
    expect((await fake.post(endpoint, update, { token: true })).status).toBe(200);
    await waitUntil(
      () => texts(fake.receivedIn(conversationId)).some((t) => t.includes('欢迎')),
      () => fake.receivedIn(conversationId),
      15_000,
    );
    expect(fake.receivedIn(conversationId)[0]).toMatchObject({ authorization: expect.stringMatching(/^Bearer /), replyToId: update.id });
  });

  it('a message is answered by the flows; an unsigned one with the same text gets 401 and no answer', async () => {
    const unsigned = `c-${randomUUID().slice(0, 8)}`;
    const refused = await fake.post(endpoint, fake.message(unsigned, 'u-2', '我的快递到哪了'));
    expect(refused.status).toBe(401);
    const signed = `c-${randomUUID().slice(0, 8)}`;
    expect((await fake.post(endpoint, fake.message(signed, 'u-3', '我的快递到哪了'), { token: true })).status).toBe(200);
    await waitUntil(
      () => fake.receivedIn(signed).length > 0,
      () => fake.received,
      15_000,
    );
    expect(fake.receivedIn(unsigned)).toEqual([]);
    await running.kefu.core.recorder.flush();
    expect(await running.kefu.core.conversations.history(`botframework:webchat:${signed}`, 10)).not.toEqual([]);
    expect(await running.kefu.core.conversations.history(`botframework:webchat:${unsigned}`, 10)).toEqual([]);
  });

  it('proactive: an unpaid-order reminder reaches the shopper through the stored conversation reference', async () => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const userId = `u-${randomUUID().slice(0, 6)}`;
    await fake.post(endpoint, fake.message(conversationId, userId, '你好'), { token: true });
    await waitUntil(
      () => fake.receivedIn(conversationId).length > 0,
      () => fake.received,
      15_000,
    );
    await running.kefu.core.recorder.flush(); // the turn's record (where outreach finds the shopper) is buffered; the order event follows it
    const before = fake.receivedIn(conversationId).length;

    const user = await running.kefu.core.users.resolve('botframework', userId);
    const res = await fetch(`${running.kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: `e-${randomUUID()}`,
          type: 'order_created',
          userId: user.id,
          at: Date.now(),
          payload: { orderId: `o-${randomUUID().slice(0, 6)}`, autoCloseAt: new Date(Date.now() + 15 * 60_000).toISOString() },
        },
      ]),
    });
    expect(res.status).toBe(202);
    const proactive = (): ReceivedActivity[] =>
      fake
        .receivedIn(conversationId)
        .slice(before)
        .filter((r) => r.replyToId === undefined);
    await waitUntil(
      () => proactive().some((r) => String(r.activity.text ?? '').includes('订单')),
      async () => ({ received: fake.receivedIn(conversationId), dead: await listDeadLetters(running.kefu.core.outreach.queues) }),
      20_000,
    );
    expect(proactive()[0]).toMatchObject({ authorization: expect.stringMatching(/^Bearer /), activity: { recipient: { id: userId } } });
    await running.kefu.core.recorder.flush();
  });

  it('proactive, refused by the policy ledger: an opted-out shopper’s reminder is suppressed and never reaches the connector', async () => {
    const conversationId = `c-${randomUUID().slice(0, 8)}`;
    const userId = `u-${randomUUID().slice(0, 6)}`;
    await fake.post(endpoint, fake.message(conversationId, userId, '你好'), { token: true });
    await waitUntil(
      () => fake.receivedIn(conversationId).length > 0,
      () => fake.received,
      15_000,
    );
    await running.kefu.core.recorder.flush();
    const before = fake.receivedIn(conversationId).length;
    const user = await running.kefu.core.users.resolve('botframework', userId);
    await running.kefu.core.users.update(user.id, { optedOut: true });

    const res = await fetch(`${running.kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: `e-${randomUUID()}`,
          type: 'order_created',
          userId: user.id,
          at: Date.now(),
          payload: { orderId: `o-${randomUUID().slice(0, 6)}`, autoCloseAt: new Date(Date.now() + 15 * 60_000).toISOString() },
        },
      ]),
    });
    expect(res.status).toBe(202);
    // the due job ran and the ledger said no: the job fails as suppressed (the same path the allowed reminder above took)
    const failed = await pollUntil(
      async () => (await running.kefu.core.outreach.queues.due.getFailed()).filter((job) => job.data.userId === user.id),
      (jobs) => jobs.length > 0,
      20_000,
      'the reminder of the opted-out shopper to be refused',
    );
    expect(failed.map((job) => job.failedReason)).toEqual(['suppressed:opted_out']);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a send that slipped through would have arrived by now
    expect(fake.receivedIn(conversationId).slice(before)).toEqual([]);
  });
});
