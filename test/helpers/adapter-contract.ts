import { isDeepStrictEqual } from 'node:util';
import type { ChannelAdapter } from '../../src/core/channel-adapter';
import { UnsupportedFeatureError } from '../../src/core/errors';
import { waitUntil } from './wait-until';
import { outboundToText, type ConversationRef, type InboundMessage, type OutboundMessage, type OutboundType } from '../../src/core/message';

/**
 * The platform side of one adapter under the contract: a real server and client where the channel has one
 * (web: Fastify on port 0 + a `ws` client), or the in-memory equivalent.
 */
export interface AdapterContractHarness {
  /** The adapter under test, not started yet. */
  adapter: ChannelAdapter;
  /**
   * Make the platform side send one shopper text into the adapter, into the conversation opened last
   * (opening one first if none is open). Resolves once the adapter has handled or refused it; may reject
   * when the platform cannot reach a stopped adapter.
   */
  deliverInbound(text: string): Promise<void>;
  /** Every outbound message the platform/shopper side has seen so far, in order (text-only platforms: one text per line). */
  received(): OutboundMessage[];
  /** Open a conversation on the platform side (web: a connected browser) and return its ref. */
  openConversation(): Promise<ConversationRef>;
  /** Release everything (adapter, server, clients). */
  close(): Promise<void>;
}

/** One sample of every {@link OutboundMessage} type; the Record makes the compiler flag a type added to the union. */
export const OUTBOUND_SAMPLES: Record<OutboundType, OutboundMessage> = {
  text: { type: 'text', text: '亲，这款卫衣现在有货哦～' },
  // a loopback port nobody listens on: adapters that upload images fail fast (no DNS, no network) and fall back to alt text
  image: { type: 'image', url: 'http://127.0.0.1:9/img/hoodie.jpg', alt: '加绒连帽卫衣实拍图' },
  quick_replies: {
    type: 'quick_replies',
    text: '想看看哪一类呢？',
    replies: [{ title: '服饰' }, { title: '美妆', payload: 'cat:beauty' }],
  },
  product_card: { type: 'product_card', product: { id: 'p-1', title: '加绒连帽卫衣', price: 129, subtitle: 'XL 库存充足' } },
  coupon_card: {
    type: 'coupon_card',
    coupon: { code: 'NEW20', title: '新人券', amount: 20, minSpend: 99, expiresAt: '2030-01-31T23:59:59+08:00' },
  },
  order_card: {
    type: 'order_card',
    order: { id: 'o-1001', status: '已发货', total: 258, items: [{ title: '加绒连帽卫衣', quantity: 2 }], logistics: '顺丰 SF123 运输中' },
  },
  handoff: { type: 'handoff', text: '已为您转接人工客服，请稍等哦 🙏', reason: 'shopper_asked' },
};

/** Every OutboundMessage type name. */
export const ALL_OUTBOUND_TYPES = Object.keys(OUTBOUND_SAMPLES) as OutboundType[];

/**
 * Whether the platform side saw `message`: natively (deep-equal), or as its {@link outboundToText}
 * rendering on a text-only platform.
 */
export function wasSeen(received: OutboundMessage[], message: OutboundMessage): boolean {
  if (received.some((r) => isDeepStrictEqual(r, message))) return true;
  const texts = received.flatMap((r) => (r.type === 'text' ? [r.text] : [])).join('\n');
  return texts.includes(outboundToText(message));
}

/** Wait until the platform side has seen every one of `messages`. */
async function waitSeen(h: AdapterContractHarness, messages: OutboundMessage[]): Promise<void> {
  await waitUntil(
    () => messages.every((m) => wasSeen(h.received(), m)),
    () =>
      `the platform side never saw ${JSON.stringify(messages.filter((m) => !wasSeen(h.received(), m)).map((m) => m.type))}; ` +
      `it saw ${JSON.stringify(h.received()).slice(0, 1500)}`,
  );
}

/** A handler that records what it gets. */
function recorder(): { handler: (m: InboundMessage) => Promise<void>; got: InboundMessage[] } {
  const got: InboundMessage[] = [];
  return { got, handler: async (m) => void got.push(m) };
}

/**
 * The contract every {@link ChannelAdapter} must pass (after BullMQ's adapter-conformance tests and
 * botbuilder's storageBaseTests). Call it from a test file once per adapter.
 *
 * @example
 * describeAdapterContract('TestChannel', async () => testChannelHarness(new TestChannel()));
 */
export function describeAdapterContract(name: string, makeHarness: () => Promise<AdapterContractHarness>): void {
  describe(`ChannelAdapter contract: ${name}`, () => {
    let h: AdapterContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    it('has a non-empty, stable name that is the channel of its conversations', async () => {
      const before = h.adapter.name;
      expect(typeof before).toBe('string');
      expect(before.trim()).not.toBe('');
      await h.adapter.start(recorder().handler);
      const ref = await h.openConversation();
      expect(ref.channel).toBe(before);
      await h.adapter.stop();
      expect(h.adapter.name).toBe(before);
    });

    it('lists only real OutboundMessage types in capabilities.outbound, each once, text included', () => {
      const { outbound, proactive } = h.adapter.capabilities;
      for (const type of outbound) expect(ALL_OUTBOUND_TYPES).toContain(type);
      expect(new Set(outbound).size).toBe(outbound.length);
      expect(outbound).toContain('text');
      expect(typeof proactive).toBe('boolean');
    });

    it('declares how it is deployed (needs): which roles open it, and presence only with isPresent', () => {
      const { needs } = h.adapter;
      expect(['serving', 'any']).toContain(needs.roles);
      for (const flag of [needs.durableInbox, needs.presence]) expect([undefined, true, false]).toContain(flag);
      expect(Boolean(needs.presence)).toBe(typeof h.adapter.isPresent === 'function');
    });

    it('hands an inbound shopper text to the handler as a normalised InboundMessage', async () => {
      const { handler, got } = recorder();
      await h.adapter.start(handler);
      const ref = await h.openConversation();
      await h.deliverInbound('在吗？这件卫衣有 XL 吗');
      expect(got).toHaveLength(1);
      const m = got[0]!;
      expect(typeof m.id).toBe('string');
      expect(m.id).not.toBe('');
      expect(m.ref.channel).toBe(h.adapter.name);
      expect(m.ref.conversationId).toBe(ref.conversationId);
      expect(m.kind).toBe('text');
      expect(m.text).toBe('在吗？这件卫衣有 XL 吗');
      expect(typeof m.receivedAt).toBe('number');
      expect(Number.isFinite(m.receivedAt)).toBe(true);
    });

    it('delivers a send() of every type in capabilities.outbound to the platform side', async () => {
      await h.adapter.start(recorder().handler);
      const ref = await h.openConversation();
      const messages = h.adapter.capabilities.outbound.map((type) => OUTBOUND_SAMPLES[type]);
      for (const message of messages) await h.adapter.send(ref, message);
      await waitSeen(h, messages);
    });

    it('rejects every type outside capabilities.outbound with UnsupportedFeatureError naming adapter and feature (none when all are supported)', async () => {
      await h.adapter.start(recorder().handler);
      const ref = await h.openConversation();
      const unsupported = ALL_OUTBOUND_TYPES.filter((t) => !h.adapter.capabilities.outbound.includes(t));
      for (const type of unsupported) {
        const error = await h.adapter.send(ref, OUTBOUND_SAMPLES[type]).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(UnsupportedFeatureError);
        expect(error).toMatchObject({ adapter: h.adapter.name, feature: type });
        expect((error as Error).message).toContain(h.adapter.name);
      }
      expect(unsupported.length + h.adapter.capabilities.outbound.length).toBe(ALL_OUTBOUND_TYPES.length);
    });

    it('shows two sends with the same idempotencyKey once when capabilities.idempotent (no-op otherwise)', async () => {
      await h.adapter.start(recorder().handler);
      const ref = await h.openConversation();
      if (!h.adapter.capabilities.idempotent) return;
      const keyed: OutboundMessage = { type: 'text', text: `您的优惠券快过期啦 ${Date.now()}` };
      const marker: OutboundMessage = { type: 'text', text: `还有什么可以帮您的吗？${Date.now()}` };
      await h.adapter.send(ref, keyed, { idempotencyKey: `contract-${name}-1` });
      await h.adapter.send(ref, keyed, { idempotencyKey: `contract-${name}-1` });
      await h.adapter.send(ref, marker);
      await waitSeen(h, [marker]);
      expect(h.received().filter((r) => isDeepStrictEqual(r, keyed))).toHaveLength(1);
    });

    it('stops idempotently, and no inbound reaches the handler after stop', async () => {
      const { handler, got } = recorder();
      await h.adapter.start(handler);
      await h.openConversation();
      await h.adapter.stop();
      await expect(h.adapter.stop()).resolves.toBeUndefined();
      await h.deliverInbound('停了还能收到吗').catch(() => undefined);
      expect(got).toHaveLength(0);
    });

    it('sends into the ConversationRef of an inbound message after a JSON round-trip', async () => {
      const { handler, got } = recorder();
      await h.adapter.start(handler);
      await h.openConversation();
      await h.deliverInbound('我的快递到哪了');
      expect(got).toHaveLength(1);
      const ref = JSON.parse(JSON.stringify(got[0]!.ref)) as ConversationRef;
      expect(ref).toEqual(got[0]!.ref);
      const reply: OutboundMessage = { type: 'text', text: `亲，您的包裹正在派送中哦～ ${Date.now()}` };
      await h.adapter.send(ref, reply);
      await waitSeen(h, [reply]);
    });
  });
}
