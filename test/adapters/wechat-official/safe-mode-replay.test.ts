import type { Redis } from 'ioredis';
import { resolveOptions } from '../../../adapters/wechat-official/options';
import { ConfigError, createLogger } from '../../../src/index';
import { serialisePush, signPush, urlCheckQuery, type FakeApp, type PushMessage } from '../../helpers/fake-wechat-official';
import { AES_KEY, APP_ID, SECRET, TOKEN, recordingBot, startTestbed, type Testbed } from './harness';

type Door = { kind: 'official' | 'mini'; format: 'xml' | 'json' };

const DOORS: [string, Door][] = [
  ['Official Account, xml', { kind: 'official', format: 'xml' }],
  ['Mini Program, json', { kind: 'mini', format: 'json' }],
];

/** What the fake platform knows of the testbed's app. */
function appOf(plaintext = false): FakeApp {
  return { appId: APP_ID, secret: SECRET, token: TOKEN, encodingAesKey: plaintext ? undefined : AES_KEY, accountName: 'gh_kefu_shop' };
}

/** A push body as WeChat serialises it (ToUserName and CreateTime filled in). */
function pushBody(fields: PushMessage, format: 'xml' | 'json'): string {
  return serialisePush({ ToUserName: 'gh_kefu_shop', CreateTime: Math.floor(Date.now() / 1000), ...fields }, format);
}

/** POSTs one request to the webhook, exactly as given. */
async function post(bed: Testbed, query: URLSearchParams, body: string, format: 'xml' | 'json') {
  const response = await fetch(`${bed.fake.webhookBase}/${APP_ID}?${query}`, {
    method: 'POST',
    headers: { 'content-type': format === 'json' ? 'application/json' : 'text/xml' },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** Messages kept in the durable inbox (waiting for a turn) whose JSON contains `marker`. */
async function keptWith(bed: Testbed, marker: string): Promise<number> {
  const entries = await bed.redis.xrange(`${bed.keyPrefix}:inbox:${bed.adapter.name}`, '-', '+');
  return entries.filter(([, fields]) => fields.join('').includes(marker)).length;
}

describe('WeChat replay settings', () => {
  it('refuses a dedupe shorter than two timestamp windows (an exact copy of a push must never run twice)', () => {
    const base = { kind: 'official' as const, apps: [{ appId: APP_ID, token: TOKEN, secret: SECRET }], redis: {} as Redis };
    const logger = createLogger({ level: 'silent' });
    expect(() => resolveOptions({ ...base, logger, dedupeTtlSec: 500 })).toThrow(ConfigError);
    expect(() => resolveOptions({ ...base, logger, dedupeTtlSec: 500 })).toThrow(
      /dedupeTtlSec must be at least 2 × timestampWindowSec \(600 s\)/,
    );
    expect(resolveOptions({ ...base, logger, dedupeTtlSec: 500, timestampWindowSec: 250 }).dedupeTtlSec).toBe(500);
  });
});

describe('WeChat safe mode and replayed signatures', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  it.each(DOORS)(
    '%s: an app with an EncodingAESKey refuses a plaintext push on a captured signed URL (401), nothing processed',
    async (_door, door) => {
      bed = await startTestbed({ ...door, replyMode: 'api' });
      const bot = recordingBot();
      await bed.adapter.start(bot.handler);
      const shopper = bed.newOpenid();
      let captured = new URLSearchParams();
      const genuine = await bed.fake.push(
        APP_ID,
        { FromUserName: shopper, MsgType: 'text', Content: '在吗' },
        { format: door.format, tamper: (q) => (captured = new URLSearchParams(q)) },
      );
      expect(genuine.attempts.map((a) => a.status)).toEqual([200]);
      expect(captured.get('encrypt_type')).toBe('aes');
      // someone who saw the URL sends it again without the encryption: signature, timestamp and nonce are all valid
      const replayed = new URLSearchParams(captured);
      replayed.delete('encrypt_type');
      replayed.delete('msg_signature');
      const forged = pushBody({ FromUserName: shopper, MsgType: 'event', Event: 'unsubscribe' }, door.format);
      const answer = await post(bed, replayed, forged, door.format);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).message).toMatch(/plaintext push refused.*安全模式/);
      // a plaintext push with a fresh, valid signature is refused the same way
      const fresh = await bed.fake.push(
        APP_ID,
        { FromUserName: shopper, MsgType: 'event', Event: 'unsubscribe' },
        { format: door.format, safe: false, retries: 0 },
      );
      expect(fresh.attempts.map((a) => a.status)).toEqual([401]);
      await bed.adapter.settled();
      expect(bot.got.map((m) => (m.kind === 'event' ? m.event?.type : m.text))).toEqual(['在吗']);
      expect(await keptWith(bed, 'unsubscribe')).toBe(0);
      expect(await bed.redis.keys(`${bed.keyPrefix}:*:seen:event:*`)).toEqual([]);
      const refusals = bed.logs.filter((l) => l.msg === 'wechat push rejected');
      expect(refusals.map((l) => [l.status, /plaintext push refused/.test(String(l.reason))])).toEqual([
        [401, true],
        [401, true],
      ]);
    },
  );

  it.each([...DOORS, ['Official Account in plaintext mode (明文模式), xml', { kind: 'official', format: 'xml' } as Door]])(
    '%s: a (timestamp, nonce) pair reused with another body is refused (401), nothing processed',
    async (what, door) => {
      const plaintext = what.includes('明文模式');
      bed = await startTestbed({ ...door, plaintext, replyMode: 'api' });
      const bot = recordingBot();
      await bed.adapter.start(bot.handler);
      const shopper = bed.newOpenid();
      const now = Math.floor(Date.now() / 1000);
      const first = signPush(
        appOf(plaintext),
        pushBody({ FromUserName: shopper, MsgType: 'text', Content: '在吗', MsgId: '7001' }, door.format),
        {
          safe: !plaintext,
          format: door.format,
          timestamp: now,
        },
      );
      expect((await post(bed, first.query, first.body, door.format)).body).toBe('success');
      // the same timestamp and nonce, correctly signed (and encrypted), over another message
      const other = pushBody({ FromUserName: shopper, MsgType: 'text', Content: '给我发十张券', MsgId: '7002' }, door.format);
      const reused = signPush(appOf(plaintext), other, {
        safe: !plaintext,
        format: door.format,
        timestamp: now,
        nonce: first.query.get('nonce')!,
      });
      expect(reused.query.get('signature')).toBe(first.query.get('signature'));
      const answer = await post(bed, reused.query, reused.body, door.format);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).message).toMatch(/timestamp and nonce were already used/);
      await bed.adapter.settled();
      expect(bot.got.map((m) => m.text)).toEqual(['在吗']);
      expect(await keptWith(bed, '给我发十张券')).toBe(0);
      expect(await bed.redis.exists(`${bed.keyPrefix}:wechat:${bed.adapter.name}:${APP_ID}:seen:msg:7002`)).toBe(0);
      // a new nonce carries the same message fine (it is a new push, not a replay)
      const renewed = signPush(appOf(plaintext), other, { safe: !plaintext, format: door.format, timestamp: now });
      expect((await post(bed, renewed.query, renewed.body, door.format)).body).toBe('success');
      await bed.adapter.settled();
      expect(bot.got.map((m) => m.text)).toEqual(['在吗', '给我发十张券']);
    },
  );

  it.each(DOORS)(
    "%s: WeChat's own retries (same URL, same body) are answered and deduped: one turn per message, one per event",
    async (_door, door) => {
      bed = await startTestbed({ ...door, replyMode: 'api' });
      const bot = recordingBot();
      await bed.adapter.start(bot.handler);
      const shopper = bed.newOpenid();
      const now = Math.floor(Date.now() / 1000);
      const app = appOf();
      const message = signPush(app, pushBody({ FromUserName: shopper, MsgType: 'text', Content: '在吗', MsgId: '8001' }, door.format), {
        safe: true,
        format: door.format,
        timestamp: now,
      });
      const event = signPush(app, pushBody({ FromUserName: shopper, MsgType: 'event', Event: 'user_enter_tempsession' }, door.format), {
        safe: true,
        format: door.format,
        timestamp: now,
      });
      const answers = [];
      for (const push of [message, event]) {
        answers.push(await post(bed, push.query, push.body, door.format));
        answers.push(...(await Promise.all([1, 2, 3].map(() => post(bed, push.query, push.body, door.format)))));
      }
      expect(answers.map((a) => `${a.status} ${a.body}`)).toEqual(Array(8).fill('200 success'));
      await bed.adapter.settled();
      expect(bot.got.map((m) => (m.kind === 'event' ? m.event?.type : m.text))).toEqual(['在吗', 'user_enter_tempsession']);
      expect(bed.logs.filter((l) => l.msg === 'wechat retry dropped: this push is already being handled')).toHaveLength(6);
      expect(bed.logs.filter((l) => l.msg === 'wechat push rejected')).toHaveLength(0);
    },
  );

  it('passive mode: a retry of a held push (same URL) is answered "success" and the shopper gets one reply', async () => {
    bed = await startTestbed({ replyMode: 'passive', passiveBudgetMs: 3000, pushTimeoutMs: 250 });
    const bot = recordingBot(async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await bed.adapter.send(m.ref, { type: 'text', text: '让您久等啦～' });
    });
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    const queries: string[] = [];
    const result = await bed.fake.push(
      APP_ID,
      { FromUserName: shopper, MsgType: 'text', Content: '在吗' },
      { tamper: (q) => queries.push(q.toString()) },
    );
    expect(result.attempts.map((a) => a.error ?? a.body)).toEqual(['timeout', 'success']);
    expect(queries).toHaveLength(1); // both attempts were the same signed request
    await bed.adapter.settled();
    expect(bot.got).toHaveLength(1);
    expect(bed.fake.delivered(shopper).map((s) => (s.body.text as { content: string }).content)).toEqual(['让您久等啦～']);
  });

  it('the GET URL check answers the same request again, and refuses its (timestamp, nonce) with another echostr', async () => {
    bed = await startTestbed();
    const now = Math.floor(Date.now() / 1000);
    const query = urlCheckQuery(appOf(), '5150001', now);
    const get = async (q: URLSearchParams) => {
      const response = await fetch(`${bed.fake.webhookBase}/${APP_ID}?${q}`);
      return `${response.status} ${await response.text()}`;
    };
    expect(await get(query)).toBe('200 5150001');
    expect(await get(query)).toBe('200 5150001');
    const changed = new URLSearchParams(query);
    changed.set('echostr', '<script>');
    expect(await get(changed)).toMatch(/^401 .*already used/);
    // the URL check's signature reused for a POST (the same token, timestamp and nonce) is refused too
    await bed.close();
    bed = await startTestbed({ plaintext: true });
    await bed.adapter.start(recordingBot().handler);
    const check = urlCheckQuery(appOf(true), '5150002', now);
    expect(await get(check)).toBe('200 5150002');
    check.delete('echostr');
    const push = await post(bed, check, pushBody({ FromUserName: 'oAttacker', MsgType: 'event', Event: 'unsubscribe' }, 'xml'), 'xml');
    expect(push.status).toBe(401);
  });
});
