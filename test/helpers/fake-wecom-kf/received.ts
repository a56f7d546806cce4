import type { OutboundMessage } from '../../../src/index';
import type { FakeSend } from './kf-world';

/**
 * What the customer saw, rendered back to OutboundMessage: text → text, msgmenu → quick_replies (a click id equal
 * to its content means "no payload"), image → `{ type: 'image', url: 'wecom-media:<media_id>' }`, link → the text
 * `【title】desc` (how a product card reads as text), miniprogram → the text `[小程序] title → appid:pagepath`.
 * Refused sends are left out.
 *
 * @example
 * receivedMessages(fake.sends, 'wm-customer-1'); // [{ type: 'text', text: '亲，在的～' }]
 */
export function receivedMessages(sends: readonly FakeSend[], userId?: string): OutboundMessage[] {
  return sends.flatMap((send): OutboundMessage[] => {
    if (send.errcode !== 0 || (userId !== undefined && send.userId !== userId)) return [];
    const body = send.body as {
      msgtype?: string;
      text?: { content: string };
      msgmenu?: { head_content?: string; list: { click: { id: string; content: string } }[] };
      image?: { media_id: string };
      link?: { title: string; desc?: string };
      miniprogram?: { appid: string; title?: string; pagepath: string };
    };
    if (body.msgtype === 'text' && body.text) return [{ type: 'text', text: body.text.content }];
    if (body.msgtype === 'image' && body.image) return [{ type: 'image', url: `wecom-media:${body.image.media_id}` }];
    if (body.msgtype === 'link' && body.link) return [{ type: 'text', text: `【${body.link.title}】${body.link.desc ?? ''}` }];
    if (body.msgtype === 'miniprogram' && body.miniprogram) {
      const { title, appid, pagepath } = body.miniprogram;
      return [{ type: 'text', text: `[小程序] ${title ?? ''} → ${appid}:${pagepath}` }];
    }
    if (body.msgtype === 'msgmenu' && body.msgmenu) {
      const replies = body.msgmenu.list.map(({ click }) =>
        click.id === click.content ? { title: click.content } : { title: click.content, payload: click.id },
      );
      return [{ type: 'quick_replies', text: body.msgmenu.head_content ?? '', replies }];
    }
    return [];
  });
}
