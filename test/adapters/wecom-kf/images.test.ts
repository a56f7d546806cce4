import { outboundToText, type ConversationRef, type OutboundMessage } from '../../../src/index';
import { ImageHost, MEDIA_ERRORS, TEMP_MEDIA_MS, sha256, tinyPng } from '../../helpers/fake-wechat-official';
import { receivedMessages } from '../../helpers/fake-wecom-kf';
import { KF, customerWrites as customerWritesTo, logsWith, startKf, type KfHarness } from './harness';

const TEN_MB = 10 * 1024 * 1024;
const FALLBACK_LOG = 'wecom-kf picture not sent: sending the text form instead';

describe('WecomKfAdapter outbound images and product link cards', () => {
  let h: KfHarness;
  let host: ImageHost;
  beforeEach(async () => {
    host = await ImageHost.start();
    h = await startKf({ adapter: { welcome: false } });
  });
  afterEach(async () => {
    await h.close();
    await host.close();
  });

  const customerWrites = (userId: string, text = '有实拍图吗？'): Promise<ConversationRef> => customerWritesTo(h, userId, text);

  const sent = (userId: string) => h.fake.sends.filter((s) => s.userId === userId && s.errcode === 0).map((s) => s.body);

  it('sends an image reply as an image message whose media_id WeCom issued for the uploaded PNG', async () => {
    const png = tinyPng(11);
    const url = host.serve('/img/hoodie.png', { body: png });
    const ref = await customerWrites('wm-alice');
    await h.node.adapter.send(ref, { type: 'image', url, alt: '加绒卫衣实拍图' });

    const [upload] = h.fake.world.media.accepted();
    expect(upload).toMatchObject({ filename: 'image.png', contentType: 'image/png', bytes: png.length, sha256: sha256(png) });
    expect(sent('wm-alice')).toEqual([{ touser: 'wm-alice', open_kfid: KF, msgtype: 'image', image: { media_id: upload!.mediaId } }]);
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([{ type: 'image', url: `wecom-media:${upload!.mediaId}` }]);
  });

  it('uploads one image once per corp: a second customer and a second process reuse the media_id from Redis', async () => {
    const url = host.serve('/img/p1.png', { body: tinyPng(12) });
    await h.node.adapter.send(await customerWrites('wm-alice'), { type: 'image', url, alt: '商品图' });
    await h.node.adapter.send(await customerWrites('wm-bob'), { type: 'image', url, alt: '商品图' });
    const other = await h.addNode({ welcome: false });
    await other.adapter.send(await customerWrites('wm-carol'), { type: 'image', url, alt: '商品图' });

    expect(host.hits('/img/p1.png')).toBe(1);
    expect(h.fake.uploads).toHaveLength(1);
    const ids = ['wm-alice', 'wm-bob', 'wm-carol'].map((u) => (sent(u)[0] as { image?: { media_id: string } }).image?.media_id);
    expect(ids).toEqual([h.fake.uploads[0]!.mediaId, h.fake.uploads[0]!.mediaId, h.fake.uploads[0]!.mediaId]);
  });

  it('sends a product card with a link and a picture as a `link` card with thumb_media_id; without a link, as text', async () => {
    const png = tinyPng(13);
    const imageUrl = host.serve('/img/p2.png', { body: png });
    const ref = await customerWrites('wm-alice', '这款卫衣怎么样');
    const card: OutboundMessage = {
      type: 'product_card',
      product: { id: 'p2', title: '加绒连帽卫衣', price: 129, subtitle: 'XL 库存充足', url: 'https://shop.example.com/p/p2', imageUrl },
    };
    const noLink: OutboundMessage = { type: 'product_card', product: { id: 'p3', title: '纯棉短袜', price: 19, imageUrl } };
    await h.node.adapter.send(ref, card);
    await h.node.adapter.send(ref, noLink);

    const thumb = h.fake.world.media.accepted()[0]!;
    expect(thumb.sha256).toBe(sha256(png));
    expect(sent('wm-alice')[0]).toEqual({
      touser: 'wm-alice',
      open_kfid: KF,
      msgtype: 'link',
      link: { title: '加绒连帽卫衣', desc: '¥129 XL 库存充足', url: 'https://shop.example.com/p/p2', thumb_media_id: thumb.mediaId },
    });
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([
      { type: 'text', text: outboundToText(card) },
      { type: 'text', text: outboundToText(noLink) },
    ]);
    expect(h.fake.uploads).toHaveLength(1);
  });

  it('falls back to the text form, and logs why, when the picture 404s, is too large or is not an image', async () => {
    const huge = Buffer.concat([tinyPng(14), Buffer.alloc(TEN_MB)]);
    const cases: { message: OutboundMessage; reason: string }[] = [
      { message: { type: 'image', url: host.url('/img/gone.png'), alt: '图片一：已下架' }, reason: 'http_status' },
      {
        message: { type: 'image', url: host.serve('/img/huge.png', { body: huge, chunked: true }), alt: '图片二：太大' },
        reason: 'too_large',
      },
      {
        message: {
          type: 'image',
          url: host.serve('/img/page.png', { type: 'text/html', body: Buffer.from('<html>登录</html>') }),
          alt: '图片三',
        },
        reason: 'bad_type',
      },
      {
        message: {
          type: 'product_card',
          product: {
            id: 'p4',
            title: '羊毛围巾',
            price: 89,
            url: 'https://shop.example.com/p/p4',
            imageUrl: host.url('/img/gone-too.png'),
          },
        },
        reason: 'http_status',
      },
    ];
    const ref = await customerWrites('wm-alice');
    for (const c of cases) await h.node.adapter.send(ref, c.message);

    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual(cases.map((c) => ({ type: 'text', text: outboundToText(c.message) })));
    expect(h.fake.uploads).toEqual([]);
    const warnings = logsWith(h.node, FALLBACK_LOG);
    expect(warnings.map((w) => w.reason)).toEqual(cases.map((c) => c.reason));
    expect(warnings[0]).toMatchObject({
      level: 40,
      openKfId: KF,
      type: 'image',
      image: host.url('/img/gone.png'),
      code: 'IMAGE_FETCH_FAILED',
    });
    expect(String(warnings[1]!.why)).toMatch(/larger than 10485760 bytes.*Fix: compress or resize/);
    const raw = JSON.stringify(h.node.logs);
    expect(raw).not.toContain(h.fake.secret);
    expect(raw).not.toMatch(/access_token=/);
  });

  it('recovers from an access_token that expired before the upload: one refresh, the image delivered', async () => {
    const url = host.serve('/img/p5.png', { body: tinyPng(15) });
    const ref = await customerWrites('wm-alice');
    await h.node.adapter.send(ref, { type: 'text', text: '亲，这就发实拍图～' }); // the session is with the assistant now: the upload is the next API call
    const fetches = h.fake.world.tokenFetches;
    h.fake.expireAccessTokens();
    await h.node.adapter.send(ref, { type: 'image', url, alt: '实拍图' });

    expect(h.fake.world.tokenFetches).toBe(fetches + 1);
    expect(h.fake.uploads.map((u) => u.errcode)).toEqual([42001, 0]);
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([
      { type: 'text', text: '亲，这就发实拍图～' },
      { type: 'image', url: `wecom-media:${h.fake.uploads[1]!.mediaId}` },
    ]);
  });

  it('uploads again, once, when WeCom no longer knows a cached media_id; refuses a media_id it never issued', async () => {
    const url = host.serve('/img/p6.png', { body: tinyPng(16) });
    await h.node.adapter.send(await customerWrites('wm-alice'), { type: 'image', url });
    h.clock.advance(TEMP_MEDIA_MS + 60_000); // WeCom deleted the media; kefu's cache entry (real time) is still there
    await h.node.adapter.send(await customerWrites('wm-bob'), { type: 'image', url });

    const imageSends = h.fake.sends.filter((s) => s.body.msgtype === 'image');
    expect(imageSends.map((s) => s.errcode)).toEqual([0, MEDIA_ERRORS.invalidMediaId, 0]);
    expect(h.fake.world.media.accepted()).toHaveLength(2);
    expect(receivedMessages(h.fake.sends, 'wm-bob')).toEqual([{ type: 'image', url: `wecom-media:${h.fake.uploads.at(-1)!.mediaId}` }]);

    const ref = await customerWrites('wm-carol');
    await expect(h.node.adapter.send(ref, { type: 'text', text: 'x' })).resolves.toBeDefined();
    const refused = (await (
      await fetch(`${h.fake.apiBaseUrl}/cgi-bin/kf/send_msg?access_token=${[...h.fake.world.accessTokens.keys()].at(-1)}`, {
        method: 'POST',
        body: JSON.stringify({ touser: 'wm-carol', open_kfid: KF, msgtype: 'image', image: { media_id: '3never_uploaded' } }),
      })
    ).json()) as { errcode: number };
    expect(refused.errcode).toBe(MEDIA_ERRORS.invalidMediaId);
  });
});
