import { postCallback, signCallback, xmlOf, type SignedCallback } from '../../helpers/fake-wecom-kf';
import { WechatCrypto, msgSignature, parseWechatXml } from '../../../src/kits/wechat';
import { KF, logsWith, startKf, type KfHarness } from './harness';

describe('WecomKfAdapter callback URL', () => {
  let h: KfHarness;
  beforeEach(async () => {
    h = await startKf();
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers the GET URL check with the decrypted echostr', async () => {
    const { status, answer, expected } = await h.fake.verifyUrl(h.node.url);
    expect(status).toBe(200);
    expect(answer).toBe(expected);
  });

  it('refuses a URL check signed with another token (401)', async () => {
    const crypto = new WechatCrypto('someOtherToken', h.fake.encodingAesKey, h.fake.corpId);
    const echostr = crypto.encrypt('echo-1');
    const signed = signCallback(crypto, 'x', Math.floor(h.clock.now() / 1000));
    const res = await fetch(`${h.node.url}?${new URLSearchParams({ ...signed.query, echostr })}`);
    expect(res.status).toBe(401);
  });

  it('answers a valid callback "success" and pulls the customer message', async () => {
    const push = await h.fake.customerSays(KF, 'wm-alice', '在吗？');
    expect(push).toEqual({ attempts: 1, delivered: true });
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['在吗？']);
  });

  describe('bad input', () => {
    /** A message is waiting in the log; only a valid callback may make the adapter pull it. */
    async function waiting(): Promise<void> {
      await h.fake.customerSays(KF, 'wm-alice', '在吗？', false);
    }

    async function expectNothingProcessed(): Promise<void> {
      await h.settle();
      expect(h.node.got).toHaveLength(0);
      expect(h.fake.world.syncCalls).toHaveLength(0);
    }

    it('wrong msg_signature → 401, nothing processed, reason logged', async () => {
      await waiting();
      const cb = h.fake.callbackFor(KF);
      cb.query.msg_signature = cb.query.msg_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      expect((await postCallback(h.node.url, cb)).status).toBe(401);
      await expectNothingProcessed();
      expect(logsWith(h.node, 'callback refused').some((l) => String(l.reason).includes('bad msg_signature'))).toBe(true);
    });

    it('stale timestamp (10 minutes old, correctly signed) → 401', async () => {
      await waiting();
      const cb = h.fake.callbackFor(KF, Math.floor(h.clock.now() / 1000) - 600);
      expect((await postCallback(h.node.url, cb)).status).toBe(401);
      await expectNothingProcessed();
      expect(logsWith(h.node, 'callback refused').some((l) => String(l.reason).includes('stale'))).toBe(true);
    });

    it('a DOCTYPE (entity expansion attempt) → 400', async () => {
      await waiting();
      const cb = h.fake.callbackFor(KF);
      cb.body = `<!DOCTYPE xml [<!ENTITY x "boom">]>${cb.body}`;
      expect((await postCallback(h.node.url, cb)).status).toBe(400);
      await expectNothingProcessed();
      expect(logsWith(h.node, 'callback refused').some((l) => String(l.reason).includes('DOCTYPE'))).toBe(true);
    });

    it('a body over 1 MB → 413', async () => {
      const cb = h.fake.callbackFor(KF);
      cb.body = xmlOf({ Encrypt: 'A'.repeat(1024 * 1024 + 10) });
      expect((await postCallback(h.node.url, cb)).status).toBe(413);
      await expectNothingProcessed();
      expect(logsWith(h.node, 'larger than 1 MB')).toHaveLength(1);
    });

    it('malformed XML → 400; an envelope without Encrypt → 400', async () => {
      const cb = h.fake.callbackFor(KF);
      expect((await postCallback(h.node.url, { ...cb, body: '<xml><Encrypt>abc</xml>' })).status).toBe(400);
      expect((await postCallback(h.node.url, { ...cb, body: xmlOf({ ToUserName: h.fake.corpId }) })).status).toBe(400);
      await expectNothingProcessed();
    });

    it('a callback encrypted for another corp (receiveid) → 400', async () => {
      await waiting();
      const other = new WechatCrypto(h.fake.token, h.fake.encodingAesKey, 'wwsomeoneelse');
      const cb = signCallback(
        other,
        xmlOf({ MsgType: 'event', Event: 'kf_msg_or_event', Token: 't', OpenKfId: KF }),
        Math.floor(h.clock.now() / 1000),
      );
      expect((await postCallback(h.node.url, cb)).status).toBe(400);
      await expectNothingProcessed();
    });
  });
});

describe('WecomKfAdapter replayed signatures and request logs', () => {
  let h: KfHarness;
  beforeEach(async () => {
    h = await startKf();
  });
  afterEach(async () => {
    await h.close();
  });

  /** `callback`'s inner message encrypted and signed again with the given timestamp and nonce. */
  function resigned(callback: SignedCallback, timestamp: string, nonce: string): SignedCallback {
    const crypto = new WechatCrypto(h.fake.token, h.fake.encodingAesKey, h.fake.corpId);
    const inner = crypto.decrypt(parseWechatXml(callback.body).Encrypt!).message;
    const encrypt = crypto.encrypt(inner);
    return {
      query: { msg_signature: msgSignature(h.fake.token, timestamp, nonce, encrypt), timestamp, nonce },
      body: xmlOf({ ToUserName: h.fake.corpId, Encrypt: encrypt, AgentID: '' }),
    };
  }

  it('a (timestamp, nonce) pair reused for another callback → 401, nothing pulled; the same callback again is answered', async () => {
    await h.fake.customerSays(KF, 'wm-alice', '在吗？', false);
    const first = h.fake.callbackFor(KF);
    expect(await postCallback(h.node.url, first)).toEqual({ status: 200, text: 'success' });
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['在吗？']);
    const pulls = h.fake.world.syncCalls.length;
    await h.fake.customerSays(KF, 'wm-bob', '有优惠券吗', false);
    // a valid callback (fresh sync token) signed with the first one's timestamp and nonce
    const replayed = resigned(h.fake.callbackFor(KF), first.query.timestamp, first.query.nonce);
    expect((await postCallback(h.node.url, replayed)).status).toBe(401);
    await h.settle();
    expect(h.fake.world.syncCalls).toHaveLength(pulls);
    expect(h.node.got.map((m) => m.text)).toEqual(['在吗？']);
    expect(logsWith(h.node, 'callback refused').some((l) => String(l.reason).includes('replay'))).toBe(true);
    // WeCom's retry of the first callback (same URL, same body) is still answered; its pull finds nothing new twice
    expect(await postCallback(h.node.url, first)).toEqual({ status: 200, text: 'success' });
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['在吗？', '有优惠券吗']);
  });

  it('the URL check answers the same request again, and refuses its (timestamp, nonce) with another echostr (401)', async () => {
    const crypto = new WechatCrypto(h.fake.token, h.fake.encodingAesKey, h.fake.corpId);
    const timestamp = String(Math.floor(h.clock.now() / 1000));
    const check = (echostr: string, nonce: string) =>
      new URLSearchParams({ msg_signature: msgSignature(h.fake.token, timestamp, nonce, echostr), timestamp, nonce, echostr });
    const get = async (q: URLSearchParams) => {
      const response = await fetch(`${h.node.url}?${q}`);
      return `${response.status} ${await response.text()}`;
    };
    const genuine = check(crypto.encrypt('echo-1'), 'n-check-1');
    expect(await get(genuine)).toBe('200 echo-1');
    expect(await get(genuine)).toBe('200 echo-1');
    expect(await get(check(crypto.encrypt('echo-2'), 'n-check-1'))).toBe('401 unauthorized');
  });

  it('request logs show the callback path and the query names, never their values', async () => {
    const callback = h.fake.callbackFor(KF);
    expect((await postCallback(h.node.url, callback)).status).toBe(200);
    const { status } = await h.fake.verifyUrl(h.node.url);
    expect(status).toBe(200);
    await h.settle();
    const requests = h.node.logs.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
    const [path, query] = requests[0]!.split('?');
    expect(path).toBe('/wecom/kf');
    expect([...new URLSearchParams(query).keys()]).toEqual(['msg_signature', 'timestamp', 'nonce']);
    expect([...new URLSearchParams(requests[1]!.split('?')[1]).keys()]).toEqual(['msg_signature', 'timestamp', 'nonce', 'echostr']);
    const raw = h.node.logs.map((l) => JSON.stringify(l)).join('\n');
    for (const value of [callback.query.msg_signature, callback.query.nonce]) expect(raw).not.toContain(value);
    expect(raw).not.toMatch(new RegExp(`(?<!\\d)${callback.query.timestamp}(?!\\d)`));
  });
});

describe('WecomKfAdapter openKfIds', () => {
  it('ignores callbacks of kf accounts it does not serve, with a log line', async () => {
    const h = await startKf({ fake: { openKfIds: [KF, 'wk-other-shop'] }, adapter: { openKfIds: [KF] } });
    try {
      await h.fake.customerSays('wk-other-shop', 'wm-bob', '你好');
      await h.fake.customerSays(KF, 'wm-alice', '你好呀');
      await h.settle();
      expect(h.node.got.map((m) => [m.ref.accountId, m.text])).toEqual([[KF, '你好呀']]);
      expect(logsWith(h.node, 'not in openKfIds')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
