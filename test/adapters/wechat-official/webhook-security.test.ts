import { urlCheckQuery } from '../../helpers/fake-wechat-official';
import { APP_ID, SECRET, TOKEN, AES_KEY, recordingBot, startTestbed, type Testbed } from './harness';

describe('WeChat webhook: URL check and refusal of bad input', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  async function expectRejected(status: number, reasonPattern: RegExp, attempts: { status: number; body: string }[]): Promise<void> {
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    for (const attempt of attempts) {
      expect(attempt.status).toBe(status);
      expect(JSON.parse(attempt.body).message).toMatch(reasonPattern);
    }
    const warned = bed.logs.filter((l) => l.msg === 'wechat push rejected');
    expect(warned.length).toBe(attempts.length);
    expect(warned.every((l) => l.level === 40 && reasonPattern.test(String(l.reason)))).toBe(true);
  }

  it('answers the GET URL check with echostr, and 401 / 404 for a wrong signature or an unknown app', async () => {
    bed = await startTestbed();
    const now = Math.floor(Date.now() / 1000);
    const ok = await fetch(
      `${bed.fake.webhookBase}/${APP_ID}?${urlCheckQuery({ appId: APP_ID, token: TOKEN, secret: SECRET }, '8341622906271523', now)}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8341622906271523');
    const forged = await fetch(
      `${bed.fake.webhookBase}/${APP_ID}?${urlCheckQuery({ appId: APP_ID, token: 'not-the-token', secret: SECRET }, 'x', now)}`,
    );
    expect(forged.status).toBe(401);
    const unknown = await fetch(
      `${bed.fake.webhookBase}/wxUnknown?${urlCheckQuery({ appId: 'wxUnknown', token: TOKEN, secret: SECRET }, 'x', now)}`,
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses a POST with a wrong signature (401) and processes nothing, across all of WeChat retries', async () => {
    bed = await startTestbed();
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const result = await bed.fake.push(
      APP_ID,
      { FromUserName: bed.newOpenid(), MsgType: 'text', Content: '在吗' },
      { tamper: (q) => q.set('signature', 'f'.repeat(40)) },
    );
    expect(result.attempts).toHaveLength(4);
    await expectRejected(401, /signature does not match/, result.attempts);
    await bed.adapter.settled();
    expect(bot.got).toHaveLength(0);
  });

  it('refuses a stale timestamp (replay) with 401', async () => {
    bed = await startTestbed();
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const result = await bed.fake.push(
      APP_ID,
      { FromUserName: bed.newOpenid(), MsgType: 'text', Content: '在吗' },
      { timestamp: stale, retries: 0 },
    );
    await expectRejected(401, /timestamp/, result.attempts);
    expect(bot.got).toHaveLength(0);
  });

  it('refuses a safe-mode push whose msg_signature does not match the Encrypt value', async () => {
    bed = await startTestbed();
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const result = await bed.fake.push(
      APP_ID,
      { FromUserName: bed.newOpenid(), MsgType: 'text', Content: '在吗' },
      { safe: true, retries: 0, tamper: (q) => q.set('msg_signature', '0'.repeat(40)) },
    );
    await expectRejected(401, /msg_signature/, result.attempts);
    expect(bot.got).toHaveLength(0);
  });

  it.each([
    [
      'a DOCTYPE with a billion-laughs entity',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>',
      /DOCTYPE/,
    ],
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
      /DOCTYPE/,
    ],
    ['an ENTITY declaration inside the message', '<xml><A><!ENTITY xxe SYSTEM "file:///etc/passwd"></A></xml>', /ENTITY/],
    [
      'an undeclared entity reference',
      '<xml><FromUserName>o1</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content></xml>',
      /unknown entity/,
    ],
  ])('refuses %s with 400 and the reason, expanding nothing (plaintext mode and safe mode)', async (_what, xml, reason) => {
    for (const plaintext of [true, false]) {
      bed = await startTestbed({ plaintext });
      const bot = recordingBot();
      await bed.adapter.start(bot.handler);
      const result = await bed.fake.deliver(APP_ID, xml, 'o1', { safe: !plaintext, retries: 0 });
      expect(result.attempts[0]!.status).toBe(400);
      expect(JSON.parse(result.attempts[0]!.body).message).toMatch(reason);
      expect(result.attempts[0]!.body).not.toMatch(/root:|lollol/);
      expect(bot.got).toHaveLength(0);
      expect(bed.logs.filter((l) => l.msg === 'wechat push rejected' && reason.test(String(l.reason)))).toHaveLength(1);
      if (plaintext) await bed.close();
    }
  });

  it('refuses bodies over 1 MB with 413', async () => {
    bed = await startTestbed();
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const huge = `<xml><FromUserName>o1</FromUserName><MsgType>text</MsgType><Content>${'亲'.repeat(400_000)}</Content></xml>`;
    const result = await bed.fake.deliver(APP_ID, huge, 'o1', { retries: 0 });
    expect(result.attempts[0]!.status).toBe(413);
    expect(JSON.parse(result.attempts[0]!.body).message).toMatch(/larger than .*1 MB/);
    expect(bot.got).toHaveLength(0);
    expect(bed.logs.some((l) => l.msg === 'wechat push rejected' && l.status === 413)).toBe(true);
  });

  it('refuses malformed XML (official) and malformed JSON (mini, json) with 400 and a reason', async () => {
    bed = await startTestbed();
    await bed.adapter.start(recordingBot().handler);
    const xml = await bed.fake.deliver(APP_ID, '<xml><FromUserName>o1</FromUserName><MsgType>text</Msg></xml>', 'o1', { retries: 0 });
    expect(xml.attempts[0]!.status).toBe(400);
    expect(JSON.parse(xml.attempts[0]!.body).message).toMatch(/Malformed WeChat XML: expected <\/MsgType>/);
    await bed.close();
    bed = await startTestbed({ kind: 'mini', format: 'json' });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const json = await bed.fake.deliver(APP_ID, '{"FromUserName":"o1","MsgType":"text",', 'o1', { format: 'json', retries: 0 });
    expect(json.attempts[0]!.status).toBe(400);
    expect(JSON.parse(json.attempts[0]!.body).message).toMatch(/Malformed WeChat JSON/);
    const notObject = await bed.fake.deliver(APP_ID, '[1,2]', 'o1', { format: 'json', retries: 0, safe: true });
    expect(JSON.parse(notObject.attempts[0]!.body).message).toMatch(/not a JSON object/);
    expect(bot.got).toHaveLength(0);
  });

  it('never writes the token, secret, AES key or access_token to the log', async () => {
    bed = await startTestbed();
    await bed.adapter.start(recordingBot((m) => bed.adapter.send(m.ref, { type: 'text', text: '在的～' }).then(() => undefined)).handler);
    await bed.fake.push(APP_ID, { FromUserName: bed.newOpenid(), MsgType: 'text', Content: '在吗' }, { safe: true });
    await bed.fake.push(
      APP_ID,
      { FromUserName: 'o1', MsgType: 'text', Content: 'x' },
      { tamper: (q) => q.set('signature', 'bad'), retries: 0 },
    );
    await bed.adapter.settled();
    expect(bed.fake.delivered()).toHaveLength(1);
    const raw = bed.rawLogs();
    expect(raw).toContain('wechat push rejected');
    for (const secret of [TOKEN, SECRET, AES_KEY, 'ACCESS_']) expect(raw).not.toContain(secret);
  });
});
