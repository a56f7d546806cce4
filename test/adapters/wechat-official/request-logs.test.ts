import { urlCheckQuery } from '../../helpers/fake-wechat-official';
import { APP_ID, SECRET, TOKEN, recordingBot, startTestbed, type Testbed } from './harness';

/** A standalone number in the log text (not a part of a longer one, such as pino's `time` in ms). */
function numberIn(raw: string, value: string): boolean {
  return new RegExp(`(?<!\\d)${value}(?!\\d)`).test(raw);
}

describe('WeChat webhook request logs', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  it.each([
    ['Official Account', { kind: 'official' as const, format: 'xml' as const }],
    ['Mini Program', { kind: 'mini' as const, format: 'json' as const }],
  ])(
    '%s: the server logs the webhook path and the query names, never signature, msg_signature, timestamp, nonce or echostr',
    async (_door, door) => {
      bed = await startTestbed({ ...door, serverLogs: true });
      await bed.adapter.start(recordingBot().handler);
      const shopper = bed.newOpenid();
      const timestamp = Math.floor(Date.now() / 1000) - 7; // unlike any CreateTime or clock reading in the log
      const queries: URLSearchParams[] = [];
      const capture = (q: URLSearchParams) => void queries.push(new URLSearchParams(q));
      await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '在吗' }, { ...door, timestamp, tamper: capture });
      await bed.fake.push(
        APP_ID,
        { FromUserName: shopper, MsgType: 'text', Content: 'x' },
        { ...door, timestamp, retries: 0, tamper: (q) => (capture(q), q.set('msg_signature', 'f'.repeat(40))) },
      );
      const check = urlCheckQuery({ appId: APP_ID, token: TOKEN, secret: SECRET }, '9081726354', timestamp);
      expect((await fetch(`${bed.fake.webhookBase}/${APP_ID}?${check}`)).status).toBe(200);
      queries.push(check);
      await bed.adapter.settled();

      const requests = bed.logs.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
      expect(requests).toHaveLength(3);
      for (const [i, url] of requests.entries()) {
        const [path, query] = url.split('?');
        expect(path).toBe(`${bed.adapter.path}/${APP_ID}`);
        expect([...new URLSearchParams(query).keys()]).toEqual([...queries[i]!.keys()]);
        expect(url).not.toContain(shopper); // the query's openid (the adapter's own lines name the shopper on purpose)
      }
      const raw = bed.rawLogs();
      expect(raw).toContain('wechat push rejected'); // the refusal is logged, without the query
      for (const q of queries) {
        for (const name of ['signature', 'msg_signature', 'echostr']) {
          const value = q.get(name);
          if (value) expect(raw).not.toContain(value);
        }
        expect(numberIn(raw, q.get('nonce')!)).toBe(false);
      }
      expect(numberIn(raw, String(timestamp))).toBe(false);
    },
  );
});
