import { outboundToText } from '../../src/core/message';
import { type RunningKefu } from '../../src/main';
import { Conversation } from '../helpers/conversation';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { TestChannel } from '../helpers/test-channel';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-for-tests-0123456789';

interface Listed {
  records: { ref: string; kind: string; status: string; userId: string; data: Record<string, string> }[];
}

describe('complaints and invoice requests the bot takes down reach the staff (admin API, database)', () => {
  let running: TestKefu;
  let kefu: RunningKefu;
  const channel = new TestChannel();
  const api = (url: string, init: RequestInit = {}, token = TOKEN) =>
    fetch(`${kefu.url}/admin/api${url}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  const attach = async (k: RunningKefu): Promise<void> => {
    kefu = k;
    kefu.core.router.add(channel);
    await channel.start(async (m) => void (await kefu.core.bot.handle(m)));
  };

  beforeAll(async () => {
    running = await startTestKefu(() => ({ adminToken: TOKEN }));
    await attach(running.kefu);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('a complaint gets a ticket number; staff find it, mark it done, and it is still there after a restart', async () => {
    const chat = new Conversation(channel, 'angry-1');
    let ref = '';
    await chat
      .send('你们快递太慢了，我要投诉！')
      .inspect((replies) => (ref = /工单号 (TS\d{8}-\d{4})/.exec(replies.map(outboundToText).join('\n'))?.[1] ?? ''))
      .expectAnyReply(/工单号 TS\d{8}-0001/);

    expect((await api('/records', {}, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    const open = (await (await api('/records?kind=complaint&status=open')).json()) as Listed;
    const user = await kefu.core.users.resolve('test', 'angry-1');
    expect(open.records).toEqual([
      expect.objectContaining({ ref, kind: 'complaint', status: 'open', userId: user.id, data: { text: '你们快递太慢了，我要投诉！' } }),
    ]);

    const done = await api(`/records/${ref}/status`, { method: 'POST', body: JSON.stringify({ status: 'done' }) });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { status: string }).status).toBe('done');
    expect(((await (await api('/records?status=open')).json()) as Listed).records).toEqual([]);
    expect((await api('/records/TS20990101-0001/status', { method: 'POST', body: '{"status":"done"}' })).status).toBe(404);
    expect((await api('/records?kind=refund')).status).toBe(400);

    // the same database after a restart: the record and its status are still there, and numbering continues
    await attach(await running.restart());
    const after = (await (await api('/records?kind=complaint')).json()) as Listed;
    expect(after.records.map((r) => [r.ref, r.status])).toEqual([[ref, 'done']]);
    const second = new Conversation(channel, 'angry-2');
    await second.send('客服态度差，差评').expectAnyReply(/工单号 TS\d{8}-0002/);
  });
});
