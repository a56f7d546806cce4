import type { ConversationRef } from '../../../src/index';
import { ImageHost, MEDIA_ERRORS, TEMP_MEDIA_MS, mediaUrl, receivedBy, sha256, tinyPng } from '../../helpers/fake-wechat-official';
import { APP_ID, SECRET, recordingBot, shopperWithOpenWindow, startTestbed, type Testbed, type TestbedOptions } from './harness';

const TEN_MB = 10 * 1024 * 1024;
const FALLBACK_LOG = 'wechat image not sent as an image: sending its alt text instead';

describe('WeChat outbound images: upload once, send as image, fall back to the alt text', () => {
  let bed: Testbed;
  let host: ImageHost;
  beforeEach(async () => {
    host = await ImageHost.start();
  });
  afterEach(async () => {
    await bed.close();
    await host.close();
  });

  async function start(o: TestbedOptions = {}): Promise<void> {
    bed = await startTestbed(o);
    await bed.adapter.start(recordingBot().handler);
  }

  const newShopper = (): ConversationRef => shopperWithOpenWindow(bed);

  const imageSends = () => bed.fake.sends.filter((s) => s.body.msgtype === 'image');
  const mediaIdOf = (openid: string) =>
    String((bed.fake.delivered(openid).find((s) => s.body.msgtype === 'image')?.body.image as { media_id?: string })?.media_id);

  it('sends an image reply as an image message whose media_id the platform issued for the uploaded PNG', async () => {
    await start();
    const png = tinyPng(1);
    const url = host.serve('/img/hoodie.png', { body: png });
    const ref = newShopper();
    await bed.adapter.send(ref, { type: 'image', url, alt: '加绒卫衣实拍图' });

    const [upload] = bed.fake.media.accepted(APP_ID);
    expect(upload).toMatchObject({ filename: 'image.png', contentType: 'image/png', bytes: png.length, sha256: sha256(png) });
    expect(bed.fake.delivered(ref.userId).map((s) => s.body)).toEqual([
      { touser: ref.userId, msgtype: 'image', image: { media_id: upload!.mediaId } },
    ]);
    expect(receivedBy(bed.fake, ref.userId)).toEqual([{ type: 'image', url: mediaUrl(upload!.mediaId!) }]);
  });

  it('uploads one product image once per app: a second shopper, a second process and concurrent sends reuse the media_id', async () => {
    await start();
    const url = host.serve('/img/p1.png', { body: tinyPng(2) });
    const first = newShopper();
    await bed.adapter.send(first, { type: 'image', url, alt: '商品图' });
    const second = newShopper();
    await bed.adapter.send(second, { type: 'image', url, alt: '商品图' });
    const other = await bed.addProcess(); // another kefu process: the media_id comes from Redis
    const third = newShopper();
    await other.adapter.send(third, { type: 'image', url, alt: '商品图' });

    expect(host.hits('/img/p1.png')).toBe(1);
    expect(bed.fake.media.accepted(APP_ID)).toHaveLength(1);
    expect(new Set([first, second, third].map((r) => mediaIdOf(r.userId))).size).toBe(1);

    const burst = host.serve('/img/p2.png', { body: tinyPng(3) });
    const shoppers = [1, 2, 3, 4].map(() => newShopper());
    await Promise.all(shoppers.map((r) => bed.adapter.send(r, { type: 'image', url: burst })));
    expect(host.hits('/img/p2.png')).toBe(1); // one fetch and one upload in flight, shared
    expect(bed.fake.media.accepted(APP_ID)).toHaveLength(2);
    expect(imageSends().filter((s) => s.errcode === 0)).toHaveLength(7);
  });

  it('falls back to the alt text, and logs why, when the image 404s, is too large or is not an image', async () => {
    await start();
    const huge = Buffer.concat([tinyPng(4), Buffer.alloc(TEN_MB)]);
    const cases = [
      { url: host.url('/img/gone.png'), alt: '图片一：已下架', reason: 'http_status' },
      { url: host.serve('/img/huge.png', { body: huge }), alt: '图片二：太大（Content-Length）', reason: 'too_large' },
      { url: host.serve('/img/huge-chunked.png', { body: huge, chunked: true }), alt: '图片三：太大（边读边数）', reason: 'too_large' },
      {
        url: host.serve('/img/page.png', { type: 'text/html; charset=utf-8', body: Buffer.from('<html>登录</html>') }),
        alt: '图片四',
        reason: 'bad_type',
      },
      { url: host.serve('/img/fake.png', { body: Buffer.from('not really a png') }), alt: '图片五', reason: 'bad_type' },
    ];
    const ref = newShopper();
    for (const c of cases) await bed.adapter.send(ref, { type: 'image', url: c.url, alt: c.alt });

    expect(receivedBy(bed.fake, ref.userId)).toEqual(cases.map((c) => ({ type: 'text', text: c.alt })));
    expect(bed.fake.uploads).toEqual([]);
    const warnings = bed.logs.filter((l) => l.msg === FALLBACK_LOG);
    expect(warnings.map((w) => w.reason)).toEqual(cases.map((c) => c.reason));
    expect(warnings[0]).toMatchObject({ level: 40, appId: APP_ID, image: host.url('/img/gone.png'), code: 'IMAGE_FETCH_FAILED' });
    expect(String(warnings[0]!.why)).toMatch(/HTTP 404.*Fix: check the image URL/);
    expect(String(warnings[3]!.why)).toContain("Content-Type is 'text/html'");

    // a URL that just failed is not fetched again for every shopper (remembered for 5 minutes)
    await bed.adapter.send(ref, { type: 'image', url: cases[0]!.url });
    expect(host.hits('/img/gone.png')).toBe(1);
    expect(receivedBy(bed.fake, ref.userId).at(-1)).toEqual({ type: 'text', text: '[图片]' });
    expect(bed.rawLogs()).not.toContain('ACCESS_');
    expect(bed.rawLogs()).not.toContain(SECRET);
  });

  it('recovers from an access_token that expired before the upload: one refresh, the image delivered', async () => {
    await start();
    const url = host.serve('/img/p3.png', { body: tinyPng(5) });
    const ref = newShopper();
    await bed.adapter.send(ref, { type: 'text', text: '亲，这是实拍图～' });
    expect(bed.fake.tokenFetches.get(APP_ID)).toBe(1);
    bed.fake.expireTokens();
    await bed.adapter.send(ref, { type: 'image', url, alt: '实拍图' });

    expect(bed.fake.tokenFetches.get(APP_ID)).toBe(2);
    expect(bed.fake.uploads.map((u) => u.errcode)).toEqual([42001, 0]);
    expect(receivedBy(bed.fake, ref.userId)).toEqual([
      { type: 'text', text: '亲，这是实拍图～' },
      { type: 'image', url: mediaUrl(bed.fake.uploads[1]!.mediaId!) },
    ]);
  });

  it('uploads again, once, when the platform no longer knows a cached media_id (40007)', async () => {
    await start();
    const url = host.serve('/img/p4.png', { body: tinyPng(6) });
    const before = newShopper();
    await bed.adapter.send(before, { type: 'image', url });
    bed.fake.advance(TEMP_MEDIA_MS + 60_000); // the platform deleted the media; kefu's cache entry (real time) has not expired
    const after = newShopper();
    await bed.adapter.send(after, { type: 'image', url });

    // 3 days on, the access_token has expired too (42001: refreshed), then the cached media_id is refused (40007: uploaded again)
    expect(imageSends().map((s) => s.errcode)).toEqual([0, 42001, MEDIA_ERRORS.invalidMediaId, 0]);
    expect(bed.fake.media.accepted(APP_ID)).toHaveLength(2);
    expect(mediaIdOf(after.userId)).toBe(bed.fake.media.accepted(APP_ID)[1]!.mediaId);
  });

  it('falls back to the alt text when WeChat refuses the upload (45009 quota), with the errcode in the log', async () => {
    await start();
    const url = host.serve('/img/p6.png', { body: tinyPng(8) });
    const ref = newShopper();
    bed.fake.media.refuseNext(45009);
    await bed.adapter.send(ref, { type: 'image', url, alt: '尺码表' });
    expect(receivedBy(bed.fake, ref.userId)).toEqual([{ type: 'text', text: '尺码表' }]);
    expect(bed.logs.find((l) => l.msg === FALLBACK_LOG)).toMatchObject({ code: 'WECHAT_API_ERROR', platformCode: 45009 });
    await bed.adapter.send(ref, { type: 'image', url, alt: '尺码表' }); // an upload refusal is not remembered: tried again
    expect(receivedBy(bed.fake, ref.userId).at(-1)).toMatchObject({ type: 'image' });
  });

  it('the fake checks uploads and image sends like the platform: type, file, size, media_id', async () => {
    await start();
    const ref = newShopper();
    const { access_token: token } = (await (
      await fetch(`${bed.fake.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${SECRET}`)
    ).json()) as { access_token: string };
    const upload = async (type: string, form: FormData) =>
      (await (
        await fetch(`${bed.fake.baseUrl}/cgi-bin/media/upload?access_token=${token}&type=${type}`, { method: 'POST', body: form })
      ).json()) as {
        errcode?: number;
        media_id?: string;
      };
    const formOf = (bytes: Buffer, name: string, type = 'image/png') => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)], { type }), name);
      return form;
    };
    expect(await upload('voice', formOf(tinyPng(), 'a.png'))).toMatchObject({ errcode: MEDIA_ERRORS.invalidMediaType });
    expect(await upload('image', new FormData())).toMatchObject({ errcode: MEDIA_ERRORS.mediaMissing });
    expect(await upload('image', formOf(Buffer.from('hello'), 'a.txt', 'text/plain'))).toMatchObject({
      errcode: MEDIA_ERRORS.invalidFileType,
    });
    expect(await upload('image', formOf(tinyPng(), 'a'))).toMatchObject({ errcode: MEDIA_ERRORS.invalidFileType }); // no extension
    expect(await upload('image', formOf(Buffer.concat([tinyPng(), Buffer.alloc(TEN_MB)]), 'a.png'))).toMatchObject({
      errcode: MEDIA_ERRORS.invalidImageSize,
    });
    expect(await upload('image', formOf(tinyPng(), 'a.png'))).toMatchObject({ type: 'image', media_id: expect.any(String) });

    const send = await fetch(`${bed.fake.baseUrl}/cgi-bin/message/custom/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ touser: ref.userId, msgtype: 'image', image: { media_id: 'MEDIA_never_uploaded' } }),
    });
    expect(await send.json()).toMatchObject({ errcode: MEDIA_ERRORS.invalidMediaId });
  });

  it('sends images on Mini Programs too (JPEG/PNG), and refuses a GIF there as not an accepted type', async () => {
    const url = host.serve('/img/p5.png', { body: tinyPng(7) });
    const gif = host.serve('/img/anim.gif', { type: 'image/gif', body: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') });
    await start({ kind: 'mini', format: 'json' });
    const ref = newShopper();
    await bed.adapter.send(ref, { type: 'image', url, alt: '商品图' });
    await bed.adapter.send(ref, { type: 'image', url: gif, alt: '动图' });
    expect(receivedBy(bed.fake, ref.userId)).toEqual([
      { type: 'image', url: mediaUrl(bed.fake.media.accepted(APP_ID)[0]!.mediaId!) },
      { type: 'text', text: '动图' },
    ]);
    expect(bed.logs.find((l) => l.msg === FALLBACK_LOG)).toMatchObject({ adapter: 'wechat-mini', reason: 'bad_type' });
  });
});
