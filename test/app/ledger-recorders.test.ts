import { randomUUID } from 'node:crypto';
import type { SendResult } from '../../src/core/channel-adapter';
import { ChannelWindowError } from '../../src/core/errors';
import type { ConversationRef, InboundMessage, OutboundMessage } from '../../src/core/message';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';

/**
 * A windowed channel named like WeChat's Official Account door, scripted per test: the first reply of a
 * turn can go out passively, or the platform can refuse with 45047. The real platform rules are tested
 * against the fake WeChat API server in test/adapters/wechat-official.
 */
class ScriptedWechat extends TestChannel {
  passiveFirst = false;
  refuseFrom = Infinity;
  attempts = 0;
  private turnSends = 0;

  constructor() {
    super('wechat-official');
  }

  beginTurn(): void {
    this.turnSends = 0;
  }

  override async send(ref: ConversationRef, message: OutboundMessage): Promise<SendResult> {
    this.attempts += 1;
    if (this.attempts >= this.refuseFrom) throw new ChannelWindowError(this.name, 'window_quota', 45047);
    const result = await super.send(ref, message);
    this.turnSends += 1;
    return this.passiveFirst && this.turnSends === 1 ? { ...result, passive: true } : result;
  }
}

let kefu: KefuHarness;
let wechat: ScriptedWechat;
const openid = (): string => `o-${randomUUID().slice(0, 8)}`;

beforeEach(async () => {
  kefu = await createHarness();
  wechat = new ScriptedWechat();
  kefu.core.router.add(wechat);
  await wechat.start(async (m) => void (await kefu.core.bot.handle(m)));
});
afterEach(async () => {
  await wechat.stop();
  await kefu.close();
});

async function shopperSays(user: string, text: string): Promise<OutboundMessage[]> {
  const ref: ConversationRef = { channel: 'wechat-official', accountId: 'wx-app', conversationId: user, userId: user };
  wechat.beginTurn();
  const message: InboundMessage = { id: randomUUID(), ref, kind: 'text', text, receivedAt: Date.now() };
  await wechat.handler!(message);
  return wechat.take(ref);
}

/** How many proactive messages the ledger would still allow in the window (reserving them one by one). */
async function allowanceLeft(user: string): Promise<number> {
  const kefuUser = await kefu.core.users.resolve('wechat-official', user);
  let n = 0;
  while (
    n < 10 &&
    (await kefu.core.outreach.ledger.windows.reserve('wechat-official', kefuUser.id, `probe-${randomUUID()}`, Date.now())).allowed
  )
    n++;
  return n;
}

describe('the turn pipeline keeps the policy ledger in step with a windowed WeChat channel', () => {
  it('a shopper message opens the 48 h window and every API reply uses one of its 5 messages', async () => {
    const user = openid();
    const replies = await shopperSays(user, '你好');
    expect(replies.length).toBeGreaterThan(0);
    expect(await allowanceLeft(user)).toBe(5 - replies.length);
  });

  it('a passive reply (the answer to the push itself) uses none of the allowance', async () => {
    wechat.passiveFirst = true;
    const user = openid();
    const replies = await shopperSays(user, '你好');
    expect(replies.length).toBeGreaterThan(0);
    expect(await allowanceLeft(user)).toBe(5 - (replies.length - 1));
  });

  it('when the platform refuses a reply over quota (45047) the rest of the turn is not attempted and the ledger closes the allowance', async () => {
    const user = openid();
    await shopperSays(user, '你好');
    wechat.refuseFrom = wechat.attempts + 1;
    const before = wechat.attempts;
    await expect(shopperSays(user, '有什么优惠吗')).resolves.toEqual([]);
    expect(wechat.attempts - before).toBe(1);
    expect(await allowanceLeft(user)).toBe(0);
    // the shopper writes again: a new window with a fresh allowance (the platform resets it, it does not add up)
    wechat.refuseFrom = Infinity;
    const replies = await shopperSays(user, '在吗');
    expect(await allowanceLeft(user)).toBe(5 - replies.length);
  });

  it('an accepted subscription prompt adds one consent for that template; a rejected one does not', async () => {
    const user = openid();
    const consentEvent = (template: string, accepted: boolean): InboundMessage => ({
      id: randomUUID(),
      ref: { channel: 'wechat-official', accountId: 'wx-app', conversationId: user, userId: user },
      kind: 'event',
      event: { type: 'subscription_consent', payload: { template, accepted, platformTemplateId: `tpl-${template}` } },
      receivedAt: Date.now(),
    });
    await wechat.handler!(consentEvent('order_shipped', true));
    await wechat.handler!(consentEvent('order_unpaid', false));
    const kefuUser = await kefu.core.users.resolve('wechat-official', user);
    const consents = kefu.core.outreach.ledger.consents;
    expect(await consents.check(kefuUser.id, 'order_shipped')).toMatchObject({ allowed: true });
    expect(await consents.check(kefuUser.id, 'order_unpaid')).toMatchObject({ allowed: false });
    expect(wechat.sentTo({ channel: 'wechat-official', accountId: 'wx-app', conversationId: user, userId: user })).toEqual([]);
  });
});
