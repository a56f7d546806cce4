import { outboundToText, type ConversationRef, type OutboundMessage, type ProductCard } from '../../../src/index';
import { ImageHost, MINI_CARD_ERRORS, miniCardText, receivedBy, sha256, tinyPng } from '../../helpers/fake-wechat-official';
import { APP_ID, SECRET, recordingBot, shopperWithOpenWindow, startTestbed, type Testbed, type TestbedOptions } from './harness';

/** The shop's Mini Program (linked to the Official Account of the tests). */
const SHOP_MINI = 'wx0a1b2c3d4e5f6a7b';
const PAGE = 'pages/goods/detail?id=P1001';

describe('WeChat mini-program product cards (miniprogrampage)', () => {
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

  function card(product: Partial<ProductCard> = {}): Extract<OutboundMessage, { type: 'product_card' }> {
    return {
      type: 'product_card',
      product: {
        id: 'P1001',
        title: '加绒连帽卫衣',
        price: 159,
        subtitle: '库存充足',
        miniProgram: { appId: SHOP_MINI, pagePath: PAGE },
        ...product,
      },
    };
  }

  const bodies = (openid: string) => bed.fake.delivered(openid).map((s) => s.body);
  const logged = (msg: string) => bed.logs.filter((l) => l.msg.startsWith(msg));

  it('Official Account: a product card with a Mini Program page goes out as miniprogrampage with appid, pagepath and the uploaded cover', async () => {
    await start({ linkedMiniPrograms: [SHOP_MINI] });
    const png = tinyPng(21);
    const imageUrl = host.serve('/img/p1001.png', { body: png });
    const ref = newShopper();
    await bed.adapter.send(ref, card({ imageUrl, url: 'https://shop.example.com/p/P1001' }));

    const [upload] = bed.fake.media.accepted(APP_ID);
    expect(upload).toMatchObject({ contentType: 'image/png', sha256: sha256(png) });
    expect(bodies(ref.userId)).toEqual([
      {
        touser: ref.userId,
        msgtype: 'miniprogrampage',
        miniprogrampage: { title: '加绒连帽卫衣 ¥159', appid: SHOP_MINI, pagepath: PAGE, thumb_media_id: upload!.mediaId },
      },
    ]);
    expect(receivedBy(bed.fake, ref.userId)).toEqual([{ type: 'text', text: `[小程序] 加绒连帽卫衣 ¥159 → ${SHOP_MINI}:${PAGE}` }]);

    // the cover is uploaded once per app, like every image
    await bed.adapter.send(newShopper(), card({ imageUrl }));
    expect(host.hits('/img/p1001.png')).toBe(1);
    expect(bed.fake.media.accepted(APP_ID)).toHaveLength(1);
  });

  it('Mini Program door: the card opens a page of the Mini Program itself (no appid); another AppID’s page is not sent as a card', async () => {
    await start({ kind: 'mini', format: 'json' });
    const imageUrl = host.serve('/img/p1001.png', { body: tinyPng(22) });
    const ref = newShopper();
    await bed.adapter.send(ref, card({ imageUrl, miniProgram: { appId: APP_ID, pagePath: PAGE } }));
    const other = card({ imageUrl, miniProgram: { appId: SHOP_MINI, pagePath: PAGE } });
    await bed.adapter.send(ref, other);

    const [upload] = bed.fake.media.accepted(APP_ID);
    expect(bodies(ref.userId)).toEqual([
      {
        touser: ref.userId,
        msgtype: 'miniprogrampage',
        miniprogrampage: { title: '加绒连帽卫衣 ¥159', pagepath: PAGE, thumb_media_id: upload!.mediaId },
      },
      { touser: ref.userId, msgtype: 'text', text: { content: outboundToText(other) } },
    ]);
    expect(receivedBy(bed.fake, ref.userId)[0]).toEqual({
      type: 'text',
      text: miniCardText({ title: '加绒连帽卫衣 ¥159', pagepath: PAGE }),
    });
  });

  it('falls back to the card as it was without a Mini Program page: no picture → text; cover not fetched → news card (with a url) or text', async () => {
    await start();
    const gone = host.url('/img/gone.png');
    const noPicture = newShopper();
    await bed.adapter.send(noPicture, card({ url: 'https://shop.example.com/p/P1001' }));
    const withUrl = newShopper();
    await bed.adapter.send(withUrl, card({ imageUrl: gone, url: 'https://shop.example.com/p/P1001' }));
    const withoutUrl = newShopper();
    const plain = card({ imageUrl: gone });
    await bed.adapter.send(withoutUrl, plain);

    expect(bed.fake.sends.filter((s) => s.body.msgtype === 'miniprogrampage')).toEqual([]);
    expect(bodies(noPicture.userId)).toEqual([{ touser: noPicture.userId, msgtype: 'text', text: { content: outboundToText(plain) } }]);
    expect(bodies(withUrl.userId)).toEqual([
      {
        touser: withUrl.userId,
        msgtype: 'news',
        news: {
          articles: [{ title: '加绒连帽卫衣', description: '¥159 库存充足', url: 'https://shop.example.com/p/P1001', picurl: gone }],
        },
      },
    ]);
    expect(bodies(withoutUrl.userId)).toEqual([{ touser: withoutUrl.userId, msgtype: 'text', text: { content: outboundToText(plain) } }]);
    expect(logged('wechat mini-program card not sent: its cover picture could not be uploaded')).toEqual([
      expect.objectContaining({ level: 40, reason: 'http_status', miniProgram: SHOP_MINI, pagePath: PAGE }),
      expect.objectContaining({ level: 40, miniProgram: SHOP_MINI }), // the failed URL is remembered for a while
    ]);
  });

  it('a Mini Program WeChat refuses (not linked to the Official Account) falls back to the news card and says how to fix it', async () => {
    await start({ linkedMiniPrograms: ['wx9999999999999999'] });
    const imageUrl = host.serve('/img/p1001.png', { body: tinyPng(23) });
    const ref = newShopper();
    await bed.adapter.send(ref, card({ imageUrl, url: 'https://shop.example.com/p/P1001' }));

    const attempts = bed.fake.sends.filter((s) => s.openid === ref.userId);
    expect(attempts.map((s) => [s.body.msgtype, s.errcode])).toEqual([
      ['miniprogrampage', MINI_CARD_ERRORS.notLinked],
      ['news', 0],
    ]);
    expect(logged('wechat mini-program card refused')).toEqual([
      expect.objectContaining({ level: 40, platformCode: MINI_CARD_ERRORS.notLinked, miniProgram: SHOP_MINI }),
    ]);
    expect(logged('wechat mini-program card refused')[0]!.msg).toContain('小程序管理');
  });

  it('the fake refuses a card without appid on an Official Account or with a thumb_media_id it never issued', async () => {
    await start();
    const ref = newShopper();
    const api = (body: Record<string, unknown>) =>
      fetch(`${bed.fake.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${SECRET}`)
        .then((r) => r.json() as Promise<{ access_token: string }>)
        .then(({ access_token }) =>
          fetch(`${bed.fake.baseUrl}/cgi-bin/message/custom/send?access_token=${access_token}`, {
            method: 'POST',
            body: JSON.stringify(body),
          }),
        )
        .then((r) => r.json() as Promise<{ errcode: number }>);
    const page = { title: '卫衣', pagepath: PAGE, thumb_media_id: 'MEDIA_never_issued' };
    expect(await api({ touser: ref.userId, msgtype: 'miniprogrampage', miniprogrampage: page })).toMatchObject({
      errcode: MINI_CARD_ERRORS.missingField,
    });
    expect(await api({ touser: ref.userId, msgtype: 'miniprogrampage', miniprogrampage: { ...page, appid: SHOP_MINI } })).toMatchObject({
      errcode: 40007,
    });
  });
});
