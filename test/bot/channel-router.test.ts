import { ChannelRouter } from '../../src/bot/channel-router';
import { KefuError } from '../../src/core/errors';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import { TestChannel } from '../helpers/test-channel';

const ref: ConversationRef = { channel: 'test-text', conversationId: 'c1', userId: 'u1' };
const card: OutboundMessage = { type: 'product_card', product: { id: 'p1', title: '加绒连帽卫衣', price: 129, subtitle: 'XL 库存充足' } };

describe('ChannelRouter', () => {
  it('renders a type the channel lacks as text, so the shopper still sees the card', async () => {
    const textOnly = new TestChannel('test-text', { outbound: ['text'] });
    const router = new ChannelRouter([textOnly]);
    await router.send(ref, card);
    expect(textOnly.sentTo(ref)).toEqual([{ type: 'text', text: '【加绒连帽卫衣】¥129 XL 库存充足' }]);
  });

  it('sends native types unchanged', async () => {
    const rich = new TestChannel('test-text');
    await new ChannelRouter([rich]).send(ref, card);
    expect(rich.sentTo(ref)).toEqual([card]);
  });

  it('names the missing adapter, and refuses two adapters with one name', async () => {
    const router = new ChannelRouter([new TestChannel('web')]);
    await expect(router.send(ref, card)).rejects.toThrow("No channel adapter named 'test-text' is running.");
    expect(() => router.add(new TestChannel('web'))).toThrow(KefuError);
  });
});
