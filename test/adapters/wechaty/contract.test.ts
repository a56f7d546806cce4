import type { ConversationRef, OutboundMessage } from '../../../src/index';
import { describeAdapterContract, type AdapterContractHarness } from '../../helpers/adapter-contract';
import { MockWorld, type Seen } from './mock-world';

/** What a shopper saw, as OutboundMessages: texts, images by URL, link and mini-program cards as their title line. */
function toOutbound(seen: Seen): OutboundMessage {
  if (seen.kind === 'image') return { type: 'image', url: seen.url ?? '' };
  if (seen.kind === 'link') return { type: 'text', text: `${seen.link?.title ?? ''} ${seen.link?.url ?? ''}` };
  if (seen.kind === 'mini')
    return { type: 'text', text: `[小程序] ${seen.mini?.title ?? ''} → ${seen.mini?.appid ?? ''}:${seen.mini?.pagePath ?? ''}` };
  return { type: 'text', text: seen.text ?? '' };
}

/** The contract's platform side is wechaty-puppet-mock: conversations are mock contacts talking to the bot's account. */
async function wechatyHarness(): Promise<AdapterContractHarness> {
  const world = new MockWorld({ paceMs: 5, paceJitterMs: 0 });
  const contacts: ReturnType<MockWorld['contact']>[] = [];

  const openConversation = async (): Promise<ConversationRef> => {
    if (world.adapter.status().state !== 'online') await world.login();
    const shopper = world.contact(`顾客${contacts.length + 1}`);
    contacts.push(shopper);
    return { channel: 'wechaty', conversationId: shopper.id, userId: shopper.id };
  };

  return {
    adapter: world.adapter,
    openConversation,
    deliverInbound: async (text) => {
      if (contacts.length === 0) await openConversation();
      const shopper = contacts.at(-1)!;
      // A stopped adapter has stopped its puppet and logged out: WeChat cannot reach it any more.
      if (world.adapter.status().state === 'offline') throw new Error('the wechaty adapter is stopped');
      await world.say(shopper, text);
    },
    received: () => contacts.flatMap((c) => world.seenBy(c).map(toOutbound)),
    close: () => world.close(),
  };
}

describeAdapterContract('WechatyAdapter (puppet-mock)', wechatyHarness);
