import { outboundToText, type ConversationRef, type OutboundMessage, type ProductCard } from '../../../src/index';
import { ImageHost, sha256, tinyPng } from '../../helpers/fake-wechat-official';
import { KF_MINI_CARD_ERRORS, receivedMessages } from '../../helpers/fake-wecom-kf';
import { sendMsg } from '../../helpers/fake-wecom-kf/kf-handlers';
import { KF, customerWrites as customerWritesTo, logsWith, startKf, type KfHarness, type StartKfOptions } from './harness';

const SHOP_MINI = 'wx0a1b2c3d4e5f6a7b';
const PAGE = 'pages/goods/detail?id=P1001';
const URL = 'https://shop.example.com/p/P1001';

describe('WecomKfAdapter mini-program product cards (msgtype miniprogram)', () => {
  let h: KfHarness;
  let host: ImageHost;
  beforeEach(async () => {
    host = await ImageHost.start();
  });
  afterEach(async () => {
    await h.close();
    await host.close();
  });

  async function start(o: StartKfOptions = {}): Promise<void> {
    h = await startKf({ adapter: { welcome: false }, ...o });
  }

  const customerWrites = (userId: string, text = '这款卫衣还有吗'): Promise<ConversationRef> => customerWritesTo(h, userId, text);

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

  const attempts = (userId: string) => h.fake.sends.filter((s) => s.userId === userId);
  const sent = (userId: string) =>
    attempts(userId)
      .filter((s) => s.errcode === 0)
      .map((s) => s.body);

  it('sends a product card with a Mini Program page as a miniprogram card: appid, pagepath and the uploaded thumb', async () => {
    await start();
    const png = tinyPng(31);
    const imageUrl = host.serve('/img/p1001.png', { body: png });
    const ref = await customerWrites('wm-alice');
    await h.node.adapter.send(ref, card({ imageUrl, url: URL }));

    const thumb = h.fake.world.media.accepted()[0]!;
    expect(thumb.sha256).toBe(sha256(png));
    expect(sent('wm-alice')).toEqual([
      {
        touser: 'wm-alice',
        open_kfid: KF,
        msgtype: 'miniprogram',
        miniprogram: { appid: SHOP_MINI, title: '加绒连帽卫衣 ¥159', thumb_media_id: thumb.mediaId, pagepath: PAGE },
      },
    ]);
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([
      { type: 'text', text: `[小程序] 加绒连帽卫衣 ¥159 → ${SHOP_MINI}:${PAGE}` },
    ]);
  });

  it('falls back as before: no picture → text; a picture that cannot be fetched → text (the link card needs it too)', async () => {
    await start();
    const ref = await customerWrites('wm-bob');
    const noPicture = card({ url: URL });
    await h.node.adapter.send(ref, noPicture);
    const broken = card({ url: URL, imageUrl: host.url('/img/gone.png') });
    await h.node.adapter.send(ref, broken);

    expect(sent('wm-bob')).toEqual([
      { touser: 'wm-bob', open_kfid: KF, msgtype: 'text', text: { content: outboundToText(noPicture) } },
      { touser: 'wm-bob', open_kfid: KF, msgtype: 'text', text: { content: outboundToText(broken) } },
    ]);
    expect(h.fake.uploads).toEqual([]);
    expect(logsWith(h.node, 'wecom-kf picture not sent')).toEqual([expect.objectContaining({ level: 40, reason: 'http_status' })]);
  });

  it('a Mini Program WeCom refuses goes out as the link card with the same thumb (or text without a url), with a warning', async () => {
    await start({ fake: { miniProgramAppIds: ['wx9999999999999999'] } });
    const imageUrl = host.serve('/img/p1001.png', { body: tinyPng(32) });
    const ref = await customerWrites('wm-carol');
    await h.node.adapter.send(ref, card({ imageUrl, url: URL }), { idempotencyKey: 'outreach:job-1' });
    const noLink = card({ imageUrl });
    await h.node.adapter.send(ref, noLink);

    const thumb = h.fake.world.media.accepted()[0]!.mediaId;
    expect(attempts('wm-carol').map((s) => [s.body.msgtype, s.errcode])).toEqual([
      ['miniprogram', KF_MINI_CARD_ERRORS.notLinked],
      ['link', 0],
      ['miniprogram', KF_MINI_CARD_ERRORS.notLinked],
      ['text', 0],
    ]);
    expect(sent('wm-carol')[0]).toMatchObject({
      msgtype: 'link',
      link: { title: '加绒连帽卫衣', desc: '¥159 库存充足', url: URL, thumb_media_id: thumb },
    });
    const [refused, fallback] = attempts('wm-carol');
    expect(fallback!.body.msgid).toEqual(expect.any(String));
    expect(fallback!.body.msgid).not.toBe(refused!.body.msgid); // a keyed retry of the job stays idempotent
    expect(sent('wm-carol')[1]).toMatchObject({ msgtype: 'text', text: { content: outboundToText(noLink) } });
    expect(logsWith(h.node, 'wecom-kf mini-program card refused')).toEqual([
      expect.objectContaining({ level: 40, miniProgram: SHOP_MINI, pagePath: PAGE, code: `WECOM_KF_${KF_MINI_CARD_ERRORS.notLinked}` }),
      expect.objectContaining({ level: 40, miniProgram: SHOP_MINI }),
    ]);
  });

  it('the fake refuses a miniprogram without pagepath, or with a thumb_media_id it never issued', async () => {
    await start();
    await customerWrites('wm-dave');
    const { world } = h.fake;
    const body = { touser: 'wm-dave', open_kfid: KF, msgtype: 'miniprogram' };
    expect(sendMsg(world, { ...body, miniprogram: { appid: SHOP_MINI, thumb_media_id: 'x' } })).toMatchObject({
      errcode: KF_MINI_CARD_ERRORS.missingField,
    });
    expect(sendMsg(world, { ...body, miniprogram: { appid: SHOP_MINI, pagepath: PAGE, thumb_media_id: '3never' } })).toMatchObject({
      errcode: 40007,
    });
  });
});
