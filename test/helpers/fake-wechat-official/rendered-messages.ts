import type { OutboundMessage } from '../../../src/core/message';
import type { FakeWechatServer } from './fake-wechat-server';

/** How {@link receivedBy} shows a delivered image: its media_id as a `wechat-media:` URL (the fake never saw the source URL). */
export function mediaUrl(mediaId: string): string {
  return `wechat-media:${mediaId}`;
}

/** The fields of a delivered `miniprogrampage` card. */
type MiniCardBody = { title?: string; appid?: string; pagepath?: string; thumb_media_id?: string };

/**
 * How {@link receivedBy} shows a mini-program card: `[小程序] <title> → <appid>:<pagepath>` (`this` for the Mini Program
 * the shopper is in, whose cards carry no appid).
 *
 * @example
 * miniCardText({ title: '加绒卫衣 ¥159', appid: 'wx0123456789abcdef', pagepath: 'pages/goods/detail?id=P1001' });
 * // → '[小程序] 加绒卫衣 ¥159 → wx0123456789abcdef:pages/goods/detail?id=P1001'
 */
export function miniCardText(card: MiniCardBody): string {
  return `[小程序] ${card.title ?? ''} → ${card.appid ?? 'this'}:${card.pagepath ?? ''}`;
}

/** The message a delivered customer-service send shows the shopper, as kefu's model (text-like where WeChat shows text). */
function fromApiBody(body: Record<string, unknown>): OutboundMessage | undefined {
  if (body.msgtype === 'text') return { type: 'text', text: String((body.text as { content?: unknown })?.content ?? '') };
  if (body.msgtype === 'image') return { type: 'image', url: mediaUrl(String((body.image as { media_id?: unknown })?.media_id)) };
  if (body.msgtype === 'msgmenu') {
    const menu = body.msgmenu as { head_content?: string; list?: { id: string; content: string }[]; tail_content?: string };
    const lines = (menu.list ?? []).map((item, i) => `${i + 1}. ${item.content}`);
    return { type: 'text', text: [menu.head_content ?? '', ...lines, ...(menu.tail_content ? [menu.tail_content] : [])].join('\n') };
  }
  if (body.msgtype === 'miniprogrampage') return { type: 'text', text: miniCardText(body.miniprogrampage as MiniCardBody) };
  if (body.msgtype === 'news') {
    const [article] = (body.news as { articles: { title: string; description?: string }[] }).articles;
    return { type: 'text', text: `【${article!.title}】${article!.description ?? ''}` };
  }
  if (body.template_id) {
    const data = body.data as Record<string, { value: string }>;
    return {
      type: 'text',
      text: Object.values(data)
        .map((d) => d.value)
        .join(' '),
    };
  }
  return undefined;
}

/**
 * Everything the shopper `openid` (or every shopper) has seen, in order: delivered API sends and passive text replies,
 * rendered back to OutboundMessages (images as `{ type: 'image', url: mediaUrl(media_id) }`, mini-program cards as
 * {@link miniCardText}, everything else as text, which is how WeChat shows it).
 *
 * @example
 * expect(receivedBy(fake, 'oUser').map((m) => m.type === 'text' && m.text)).toEqual(['亲，在的～']);
 */
export function receivedBy(fake: FakeWechatServer, openid?: string): OutboundMessage[] {
  const api = fake.delivered(openid).map((s) => ({ seq: s.seq, message: fromApiBody(s.body) }));
  const passive = fake.replies
    .filter((r) => (openid === undefined || r.openid === openid) && r.fields.MsgType === 'text')
    .map((r) => ({ seq: r.seq, message: { type: 'text', text: r.fields.Content ?? '' } as OutboundMessage }));
  return [...passive, ...api].sort((a, b) => a.seq - b.seq).flatMap((entry) => (entry.message ? [entry.message] : []));
}
