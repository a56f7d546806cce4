import type { ConversationRef } from '../../../src/index';
import { describeAdapterContract, type AdapterContractHarness } from '../../helpers/adapter-contract';
import { receivedBy } from '../../helpers/fake-wechat-official';
import { APP_ID, startTestbed, type TestbedOptions } from './harness';

/**
 * The contract over the fake WeChat: a conversation is a fresh openid whose send window is open (as after a paid
 * order: 48 h, unlimited); inbound is a real signed push of a shopper text; what the shopper saw is the fake's
 * record of delivered sends and passive replies, rendered back to messages.
 */
async function wechatHarness(o: TestbedOptions): Promise<AdapterContractHarness> {
  const bed = await startTestbed({ ...o, pushTimeoutMs: 2000 });
  const refs: ConversationRef[] = [];
  const openConversation = async (): Promise<ConversationRef> => {
    const openid = bed.newOpenid();
    bed.fake.openWindow(APP_ID, openid, 'payment');
    const ref: ConversationRef = { channel: bed.adapter.name, accountId: APP_ID, conversationId: openid, userId: openid };
    refs.push(ref);
    return ref;
  };
  return {
    adapter: bed.adapter,
    openConversation,
    deliverInbound: async (text) => {
      const ref = refs.at(-1) ?? (await openConversation());
      await bed.fake.push(APP_ID, { FromUserName: ref.userId, MsgType: 'text', Content: text }, { format: o.format, safe: true });
      await bed.adapter.settled();
    },
    received: () => receivedBy(bed.fake),
    close: () => bed.close(),
  };
}

describeAdapterContract('WechatOfficialAdapter (official)', () => wechatHarness({ kind: 'official', replyMode: 'passive' }));
describeAdapterContract('WechatOfficialAdapter (mini, json)', () => wechatHarness({ kind: 'mini', format: 'json', replyMode: 'api' }));
