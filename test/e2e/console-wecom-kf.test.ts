import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WecomKfAdapter } from '../../adapters/wecom-kf';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { ConsoleClient } from '../helpers/console-client';
import { FakeWecomKf, receivedMessages } from '../helpers/fake-wecom-kf';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { pollUntil } from '../helpers/wait-until';

jest.setTimeout(90_000);

const KF = 'wk-fake-shop';
const PASSWORD = 'kf-console-password-2026';

/** The shipped flows with the 微信客服 door answered in kefu's console (settings.yaml `human_doors.wecom-kf: console`). */
function flowsWithKfInConsole(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-kf-console-flows-'));
  cpSync(path.resolve(__dirname, '../../flows'), dir, { recursive: true });
  const file = path.join(dir, 'settings.yaml');
  const settings = readFileSync(file, 'utf8');
  const changed = settings.replace(/^(\s+wecom-kf:\s*)true\b/m, '$1console');
  if (changed === settings) throw new Error('flows/settings.yaml has no `wecom-kf: true` door line. Fix: update this test.');
  writeFileSync(file, changed);
  return dir;
}

describe('微信客服 handed to kefu’s console: a WeCom human holding the session (service_state 3) refuses the operator’s reply', () => {
  let fake: FakeWecomKf;
  let running: TestKefu;
  let flowsDir: string;
  let xiaomei: ConsoleClient;
  const seen = new Set<number>(); // handoffs an earlier test opened

  const adapter = (): WecomKfAdapter => running.kefu.adapters.find((a) => a.name === 'wecom-kf') as WecomKfAdapter;

  /** The shopper asks for a human; the handoff lands in the inbox (the kf session stays with kefu, state 1). */
  async function handoffOf(shopper: string): Promise<number> {
    await fake.customerSays(KF, shopper, '你好');
    await pollUntil(
      async () => (await adapter().whenIdle(), receivedMessages(fake.sends, shopper).length),
      (n) => n > 0,
      15_000,
      'the welcome', // answered first: WeChat's 5 messages count from the shopper's last message
    );
    await fake.customerSays(KF, shopper, '转人工');
    const items = await pollUntil(
      async () => {
        await adapter().whenIdle();
        await running.kefu.core.recorder.flush();
        const { body } = await xiaomei.call('GET', '/console/api/inbox?status=open');
        return (body.items as { id: number; channel: string }[]).filter((i) => i.channel === 'wecom-kf' && !seen.has(i.id));
      },
      (found) => found.length > 0,
      15_000,
      `the handoff of ${shopper} in the inbox`,
    );
    const id = items[0]!.id;
    seen.add(id);
    expect(fake.stateOf(KF, shopper)).toBe(1); // not moved to WeCom's pool: the console answers
    return id;
  }

  const reply = (id: number, text: string, clientId: string) =>
    xiaomei.post(`/console/api/inbox/${id}/reply`, { message: { type: 'text', text }, clientId });
  const detail = async (id: number) => (await xiaomei.call('GET', `/console/api/inbox/${id}`)).body;

  beforeAll(async () => {
    flowsDir = flowsWithKfInConsole();
    fake = await FakeWecomKf.start();
    running = await startTestKefu(() => ({
      flowsDir,
      quietHours: 'off',
      wecomCorpId: fake.corpId,
      wecomKfSecret: fake.secret,
      wecomKfToken: fake.token,
      wecomKfAesKey: fake.encodingAesKey,
      wecomApiBase: fake.apiBaseUrl,
    }));
    fake.webhookUrls = [`${running.kefu.url}/wecom/kf`];
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('xiaomei', 'operator', PASSWORD);
    xiaomei = new ConsoleClient(running.kefu.url, PASSWORD);
    expect((await xiaomei.login('xiaomei')).status).toBe(200);
    expect((await xiaomei.post('/console/api/inbox-presence', { status: 'online' })).status).toBe(200);
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
    if (flowsDir) rmSync(flowsDir, { recursive: true, force: true });
  });

  it('delivers while kefu has the session; once a WeCom servicer accepts, the reply box is disabled and a reply is 409, not sent, not logged', async () => {
    const shopper = 'wm-console-kf-0001';
    const id = await handoffOf(shopper);
    const ok = await reply(id, '您好，我是客服小美～', 'kf-ok-0001');
    expect(ok.status).toBe(200);
    expect(ok.body.delivered).toBe(true);
    expect(receivedMessages(fake.sends, shopper)).toContainEqual({ type: 'text', text: '您好，我是客服小美～' });

    await fake.servicerAccepts(KF, shopper, 'zhangsan'); // a human in the WeCom client picks the customer up
    await adapter().whenIdle();
    expect((await detail(id)).canReply).toEqual({ ok: false, note: expect.stringContaining('企业微信') });

    const sendsBefore = fake.sends.length;
    const refused = await reply(id, '还在吗？', 'kf-refused-0001');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('企业微信');
    expect(fake.sends.length).toBe(sendsBefore);
    const transcript = (await detail(id)).transcript as { from: string; text?: string }[];
    expect(transcript.map((m) => m.text)).not.toContain('还在吗？');
  });

  it('a session WeCom moved to a human without kefu knowing (send_msg 95018, state 3) is refused and does not count as the first response', async () => {
    const shopper = 'wm-console-kf-0002';
    const id = await handoffOf(shopper);
    fake.world.customer(KF, shopper).state = 3; // taken in WeCom; no callback reached kefu yet
    const refused = await reply(id, '亲，我来帮您看看', 'kf-race-0002');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('企业微信');
    expect(receivedMessages(fake.sends, shopper).map((m) => (m.type === 'text' ? m.text : m.type))).not.toContain('亲，我来帮您看看');
    const after = await detail(id);
    expect(after.handoff.firstReplyAt).toBeNull();
    expect((after.transcript as { text?: string }[]).map((m) => m.text)).not.toContain('亲，我来帮您看看');
    expect(after.canReply.ok).toBe(false); // the refreshed state now disables the box up front
  });
});
