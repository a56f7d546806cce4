import { ID_PATTERN, type ServerFrame } from '../../../adapters/web';
import { UnsupportedFeatureError, type OutboundMessage } from '../../../src/index';
import { startChat, TestClient, type ChatHarness } from './harness';

type Frame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
const isError = (code: string) => (f: ServerFrame) => f.type === 'error' && f.code === code;

describe('WebChatAdapter protocol', () => {
  let chat: ChatHarness;
  const clients: TestClient[] = [];
  const hello = async (ids: { userId?: string; conversationId?: string } = {}) => {
    const r = await TestClient.hello(chat.wsUrl, ids);
    clients.push(r.client);
    return r;
  };
  beforeEach(async () => {
    chat = await startChat();
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await chat.close();
  });

  it('welcomes with new anonymous ids and empty history', async () => {
    const { welcome } = await hello();
    expect(welcome.userId).toMatch(ID_PATTERN);
    expect(welcome.conversationId).toMatch(ID_PATTERN);
    expect(welcome.userId).not.toBe(welcome.conversationId);
    expect(welcome.history).toEqual([]);
  });

  it('replaces malformed ids in hello with new ones', async () => {
    const { welcome } = await hello({ userId: '<script>', conversationId: 'x' });
    expect(welcome.userId).toMatch(ID_PATTERN);
    expect(welcome.conversationId).not.toBe('x');
  });

  it('answers a message: typing on, replies, typing off, in order', async () => {
    const { client, welcome } = await hello();
    client.json({ type: 'message', id: 'm1', text: '你好' });
    await client.next((f) => f.type === 'typing' && !f.on);
    const types = client.frames
      .slice(1)
      .map((f) => (f.type === 'reply' ? f.message.type : f.type === 'typing' ? `typing:${f.on}` : f.type));
    expect(types).toEqual(['typing:true', 'text', 'quick_replies', 'typing:false']);
    expect(chat.received[0]).toMatchObject({
      kind: 'text',
      text: '你好',
      ref: { channel: 'web', conversationId: welcome.conversationId, userId: welcome.userId },
    });
  });

  it('turns postbacks and visit events into inbound messages', async () => {
    const { client } = await hello();
    client.json({ type: 'postback', id: 'p1', title: '服饰', payload: '服饰' });
    const card = (await client.next((f) => f.type === 'reply')) as Frame<'reply'>;
    expect(card.message.type).toBe('product_card');
    client.json({ type: 'event', id: 'e1', name: 'visit', payload: { page: '/' } });
    await client.next((f) => f.type === 'reply', 2);
    expect(chat.received.map((m) => m.kind)).toEqual(['postback', 'event']);
    expect(chat.received[0]).toMatchObject({ text: '服饰', postback: '服饰' });
    expect(chat.received[1]!.event).toEqual({ type: 'visit', payload: { page: '/' } });
  });

  it.each([
    ['malformed JSON', '{"type":"message",'],
    ['an array', '[1,2]'],
    ['unknown type', '{"type":"shout","id":"m1","text":"hi"}'],
    ['missing id', '{"type":"message","text":"hi"}'],
    ['non-string text', '{"type":"message","id":"m1","text":42}'],
    ['object text', '{"type":"message","id":"m1","text":{"a":1}}'],
    ['bad event name', '{"type":"event","id":"e1","name":"DROP TABLE"}'],
    ['event not allowed from browsers', '{"type":"event","id":"e1","name":"order_paid"}'],
    ['postback without title', '{"type":"postback","id":"p1","payload":"x"}'],
  ])('rejects %s with an error frame and keeps the connection open', async (_name, raw) => {
    const { client } = await hello();
    client.raw(raw);
    const err = (await client.next((f) => f.type === 'error')) as Frame<'error'>;
    expect(err.code).toBe('bad_frame');
    expect(err.reason.length).toBeGreaterThan(5);
    const reply = (await client.ask('还在吗')) as Frame<'reply'>;
    expect(reply.message).toEqual({ type: 'text', text: '收到：还在吗' });
    expect(chat.received).toHaveLength(1);
  });

  it('rejects binary frames, oversized frames and a second hello', async () => {
    const { client } = await hello();
    client.raw(Buffer.from([1, 2, 3]), true);
    await client.next(isError('binary_not_supported'));
    client.json({ type: 'message', id: 'big', text: '你'.repeat(10_000) }); // 30 KB of UTF-8 > 16 KB
    await client.next(isError('frame_too_large'));
    client.json({ type: 'hello' });
    await client.next(isError('bad_frame'));
    expect(((await client.ask('你好')) as Frame<'reply'>).message.type).toBe('text');
    expect(chat.received.map((m) => m.text)).toEqual(['你好']);
  });

  it('requires hello before messages', async () => {
    const client = await TestClient.open(chat.wsUrl);
    clients.push(client);
    client.json({ type: 'message', id: 'm1', text: '你好' });
    await client.next(isError('hello_required'));
    expect(chat.received).toHaveLength(0);
  });

  it('truncates a 10,000-character message to maxChars with a notice', async () => {
    const { client } = await hello();
    const long = 'abc 123 Ab你'.repeat(1000).slice(0, 10_000);
    client.json({ type: 'message', id: 'long', text: long });
    const notice = (await client.next((f) => f.type === 'notice')) as Frame<'notice'>;
    expect(notice.text).toContain('2000');
    await client.next((f) => f.type === 'reply');
    expect(Array.from(chat.received[0]!.text!)).toHaveLength(2000);
    expect(long.startsWith(chat.received[0]!.text!)).toBe(true);
  });

  it('keeps emoji-only and mixed-script messages, strips control characters, rejects empty ones', async () => {
    const { client } = await hello();
    await client.ask('😀🎉👍🏻👨‍👩‍👧');
    await client.ask('\u0000\u0007你\u200B好\u202E\u001b[31m');
    await client.ask('XL码 size ok? サイズ 😀');
    for (const [i, text] of ['', '   \n\t ', '\u0000\u0001\u0002'].entries()) {
      client.json({ type: 'message', id: `empty-${i}`, text });
      await client.next(isError('empty_message'), i + 1);
    }
    expect(chat.received.map((m) => m.text)).toEqual(['😀🎉👍🏻👨‍👩‍👧', '你好[31m', 'XL码 size ok? サイズ 😀']);
  });

  it('keeps a multi-line message readable: line breaks stay, invisible characters go, emoji sequences stay whole', async () => {
    const { client } = await hello();
    await client.ask('转\u200C人\u2060工\r\n\r\n\r\n第二行\t👨\u200D👩\u200D👧\u200D');
    expect(chat.received.map((m) => m.text)).toEqual(['转人工\n\n第二行 👨\u200D👩\u200D👧']);
  });

  it('dedupes message ids per connection', async () => {
    const { client } = await hello();
    client.json({ type: 'message', id: 'same', text: '一' });
    client.json({ type: 'message', id: 'same', text: '一' });
    client.json({ type: 'message', id: 'other', text: '二' });
    await client.next((f) => f.type === 'reply', 2);
    expect(chat.received.map((m) => m.text)).toEqual(['一', '二']);
  });

  it('answers an error frame when the bot fails, and stays open', async () => {
    const { client } = await hello();
    const err = (await client.ask('boom', 'b1')) as Frame<'error'>;
    expect(err).toMatchObject({ type: 'error', code: 'internal', id: 'b1' });
    expect(((await client.ask('你好')) as Frame<'reply'>).message.type).toBe('text');
  });

  it('delivers to every socket of a conversation (two tabs), including proactive sends', async () => {
    const a = await hello();
    const b = await hello({ userId: a.welcome.userId, conversationId: a.welcome.conversationId });
    expect(chat.adapter.connections(a.welcome.conversationId)).toBe(2);
    a.client.json({ type: 'message', id: 'm1', text: '你好' });
    for (const c of [a.client, b.client]) {
      const qr = (await c.next((f) => f.type === 'reply' && f.message.type === 'quick_replies')) as Frame<'reply'>;
      expect(qr.message).toMatchObject({ replies: [{ title: '服饰' }, { title: '美妆' }] });
      await c.next((f) => f.type === 'typing' && f.on);
    }
    const ref = chat.received[0]!.ref;
    await chat.adapter.send(ref, { type: 'text', text: '您的订单已发货啦 🚚' });
    for (const c of [a.client, b.client]) {
      await c.next((f) => f.type === 'reply' && f.message.type === 'text' && f.message.text.includes('发货'));
    }
  });

  it('sends history on reconnect with the same ids', async () => {
    const first = await hello();
    await first.client.ask('你好');
    await first.client.next((f) => f.type === 'reply', 2);
    first.client.close();
    const again = await hello({ userId: first.welcome.userId, conversationId: first.welcome.conversationId });
    expect(again.welcome.history.map((h) => (h.from === 'shopper' ? h.text : h.message.type))).toEqual(['你好', 'text', 'quick_replies']);
  });

  it('throws UnsupportedFeatureError for an unknown outbound type', async () => {
    const ref = { channel: 'web', conversationId: 'c_nobody-here', userId: 'u_nobody-here' };
    await expect(chat.adapter.send(ref, { type: 'video', url: 'x' } as unknown as OutboundMessage)).rejects.toBeInstanceOf(
      UnsupportedFeatureError,
    );
  });
});

describe('WebChatAdapter limits and delivery', () => {
  it('rate-limits a flood: the first N pass, the rest get an error and are dropped', async () => {
    const chat = await startChat({ rateLimit: { messages: 5, perMs: 60_000 } });
    const { client } = await TestClient.hello(chat.wsUrl);
    for (let i = 0; i < 25; i++) client.json({ type: 'message', id: `f${i}`, text: `第${i}条` });
    await client.next(isError('rate_limited'), 20);
    await client.next((f) => f.type === 'reply', 5);
    const errors = client.frames.filter(isError('rate_limited')) as Frame<'error'>[];
    expect(errors[0]!.reason).toBe('too many messages, slow down');
    expect(chat.received.map((m) => m.text)).toEqual(['第0条', '第1条', '第2条', '第3条', '第4条']);
    client.close();
    await chat.close();
  });

  it('queues replies for an offline conversation and delivers them after hello (external history)', async () => {
    const chat = await startChat({ history: async () => [] });
    const ref = { channel: 'web', conversationId: 'c_offline-conv-1', userId: 'u_offline-user-1' };
    await chat.adapter.send(ref, { type: 'text', text: '您的包裹到驿站啦' });
    const { client, welcome } = await TestClient.hello(chat.wsUrl, { userId: ref.userId, conversationId: ref.conversationId });
    expect(welcome.conversationId).toBe(ref.conversationId);
    const reply = (await client.next((f) => f.type === 'reply')) as Frame<'reply'>;
    expect(reply.message).toEqual({ type: 'text', text: '您的包裹到驿站啦' });
    client.close();
    await chat.close();
  });

  it('queues a keyed reply to a shopper’s message (inReplyTo) like any reply; a keyed proactive one throws', async () => {
    const chat = await startChat({ history: async () => [] });
    const ref = { channel: 'web', conversationId: 'c_offline-conv-3', userId: 'u_offline-user-3' };
    const options = { idempotencyKey: 'web:-:m-9:0', inReplyTo: 'm-9' };
    await chat.adapter.send(ref, { type: 'text', text: '已为您查到订单' }, options); // the tab was changing page
    await chat.adapter.send(ref, { type: 'text', text: '已为您查到订单' }, options); // the turn ran again after a crash
    await expect(chat.adapter.send(ref, { type: 'text', text: '购物车提醒' }, { idempotencyKey: 'cart.c3@1' })).rejects.toThrow();
    const { client } = await TestClient.hello(chat.wsUrl, { userId: ref.userId, conversationId: ref.conversationId });
    const reply = (await client.next((f) => f.type === 'reply')) as Frame<'reply'>;
    expect(reply.message).toEqual({ type: 'text', text: '已为您查到订单' });
    expect(reply.id).toMatch(/^k_/); // a stable id: the widget drops a second copy by it
    client.close();
    await chat.close();
  });

  it('sends a keyed reply once: a repeated idempotency key is dropped, and keyed reply ids are stable', async () => {
    const chat = await startChat();
    const { client, welcome } = await TestClient.hello(chat.wsUrl);
    const ref = { channel: 'web', conversationId: welcome.conversationId, userId: welcome.userId };
    const first = await chat.adapter.send(ref, { type: 'text', text: '购物车提醒' }, { idempotencyKey: 'cart_abandoned.c1@1' });
    const again = await chat.adapter.send(ref, { type: 'text', text: '购物车提醒' }, { idempotencyKey: 'cart_abandoned.c1@1' });
    await chat.adapter.send(ref, { type: 'text', text: '另一条提醒' }, { idempotencyKey: 'coupon_expiring.x@2' });
    await client.next((f) => f.type === 'reply' && (f.message as { text: string }).text === '另一条提醒');
    const texts = (client.frames.filter((f) => f.type === 'reply') as Frame<'reply'>[]).map((r) => (r.message as { text: string }).text);
    expect(texts).toEqual(['购物车提醒', '另一条提醒']);
    expect(again.messageId).toBe(first.messageId);
    expect(first.messageId).toMatch(/^k_/);
    expect(chat.adapter.capabilities.idempotent).toBe(true);
    client.close();
    await chat.close();
  });

  it('drops queued replies after queueMs', async () => {
    const chat = await startChat({ queueMs: 50 });
    const ref = { channel: 'web', conversationId: 'c_offline-conv-2', userId: 'u_offline-user-2' };
    await chat.adapter.send(ref, { type: 'text', text: '过期的消息' });
    await new Promise((r) => setTimeout(r, 120));
    const { client } = await TestClient.hello(chat.wsUrl, { userId: ref.userId, conversationId: ref.conversationId });
    client.json({ type: 'message', id: 'x', text: '在吗' });
    await client.next((f) => f.type === 'reply');
    const replies = client.frames.filter((f) => f.type === 'reply') as Frame<'reply'>[];
    expect(replies.map((r) => (r.message as { text: string }).text)).toEqual(['收到：在吗']);
    client.close();
    await chat.close();
  });

  it('refuses sockets from origins not allowed', async () => {
    const chat = await startChat({ allowedOrigins: ['https://shop.example'] });
    const bad = await TestClient.open(chat.wsUrl, { origin: 'https://evil.example' });
    await expect(bad.next(() => false, 1, 0, 2000)).rejects.toThrow(/closed \(1008\)/);
    const good = await TestClient.open(chat.wsUrl, { origin: 'https://shop.example' });
    good.json({ type: 'hello' });
    await good.next((f) => f.type === 'welcome');
    good.close();
    await chat.close();
  });

  it('answers unavailable before start()', async () => {
    const chat = await startChat();
    await chat.adapter.stop();
    const { client } = await TestClient.hello(chat.wsUrl);
    client.json({ type: 'message', id: 'm', text: '你好' });
    await client.next(isError('unavailable'));
    client.close();
    await chat.close();
  });
});
