import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { type RunningKefu } from '../../src/main';
import { Conversation } from '../helpers/conversation';
import { TestChannel } from '../helpers/test-channel';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-for-tests-0123456789';

describe('an operator takes over a conversation and hands it back (admin API)', () => {
  let kefu: RunningKefu;
  let running: TestKefu;
  const channel = new TestChannel();
  const api = (url: string, init: RequestInit = {}, token = TOKEN) =>
    fetch(`${kefu.url}/admin/api${url}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    running = await startTestKefu(() => ({ adminToken: TOKEN }));
    kefu = running.kefu;
    kefu.core.router.add(channel);
    await channel.start(async (m) => void (await kefu.core.bot.handle(m)));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('lists the waiting conversation, releases it, and the bot answers again; opt-out by user id', async () => {
    const chat = new Conversation(channel, 'vip-1');
    await chat.send('转人工').expectAnyReply('人工客服').send('还在吗').expectSilence();

    expect((await api('/conversations?mode=handoff', {}, 'wrong-token-wrong-token')).status).toBe(401);
    const list = (await (await api('/conversations?mode=handoff')).json()) as { conversations: { key: string; ref: { userId: string } }[] };
    const waiting = list.conversations.find((c) => c.ref.userId === 'vip-1');
    expect(waiting).toBeDefined();

    const released = await api(`/conversations/${encodeURIComponent(waiting!.key)}/release`, { method: 'POST', body: '{}' });
    expect(released.status).toBe(200);
    await chat.send('我的快递到哪了').expectAnyReply('订单');

    const user = await kefu.core.users.resolve('test', 'vip-1');
    const optOut = await api(`/users/${user.id}/opt-out`, { method: 'POST', body: JSON.stringify({ optedOut: true }) });
    expect(await optOut.json()).toEqual({ userId: user.id, optedOut: true });
    expect((await kefu.core.userStore.get(user.id))?.optedOut).toBe(true);
    expect((await api('/conversations/no-such-key/release', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
