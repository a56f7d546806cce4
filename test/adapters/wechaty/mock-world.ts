import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { throwUnsupportedError, type payloads } from 'wechaty-puppet';
import { WechatyAdapter, type WechatyAdapterOptions, type WechatyAlert } from '../../../adapters/wechaty';
import { createLogger } from '../../../src/index';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type MessageMock = Parameters<Parameters<ContactMock['on']>[1]>[0];

/**
 * What one contact or room saw the bot send: texts, images (the file handed to the puppet: its bytes and name, or a URL
 * the puppet would fetch itself), link and mini-program cards, with the time each arrived.
 */
export interface Seen {
  kind: 'text' | 'image' | 'link' | 'mini';
  text?: string;
  url?: string;
  /** An image's file name and bytes, when the bot handed the puppet the picture itself. */
  file?: { name: string; bytes: Buffer };
  link?: payloads.UrlLink;
  mini?: payloads.MiniProgram;
  at: number;
}

/**
 * PuppetMock that also delivers link and mini-program cards (the stock mock drops them) and can refuse the next
 * sends as WeChat does when an account sends too fast, or refuse mini programs as puppets without them do
 * (wechaty-puppet-wechat4u: wechaty-puppet's "Unsupported API" error).
 */
export class RecordingPuppet extends PuppetMock {
  readonly links: { conversationId: string; payload: payloads.UrlLink; at: number }[] = [];
  readonly miniPrograms: { conversationId: string; payload: payloads.MiniProgram; at: number }[] = [];
  /** Refuse mini-program cards like a puppet that cannot send them. */
  miniProgramsUnsupported = false;
  /** The next this many text sends fail with 发送消息过于频繁. */
  throttleNext = 0;
  /** When each text send reached the puppet (what WeChat's rate limit sees), in call order. */
  readonly textSendTimes: { text: string; at: number }[] = [];

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    this.textSendTimes.push({ text, at: Date.now() });
    if (this.throttleNext > 0) {
      this.throttleNext -= 1;
      throw new Error('发送消息过于频繁，请稍后再试');
    }
    return super.messageSendText(conversationId, text);
  }

  /** Every file (picture) handed to the puppet, by conversation. */
  readonly sentFiles: { conversationId: string; name: string }[] = [];

  override async messageSendFile(conversationId: string, file: Parameters<PuppetMock['messageSendFile']>[1]): Promise<void> {
    this.sentFiles.push({ conversationId, name: file.name });
    return super.messageSendFile(conversationId, file);
  }

  override async messageSendUrl(conversationId: string, payload: payloads.UrlLink): Promise<void> {
    this.links.push({ conversationId, payload, at: Date.now() });
  }

  override async messageSendMiniProgram(conversationId: string, payload: payloads.MiniProgram): Promise<void> {
    if (this.miniProgramsUnsupported) throwUnsupportedError(conversationId, payload);
    this.miniPrograms.push({ conversationId, payload, at: Date.now() });
  }
}

/** Poll until `check()` holds (no fixed sleeps). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A fake WeChat around a WechatyAdapter: a Mocker, the bot's own account, shoppers and rooms, and what each
 * of them saw the bot send.
 *
 * @example
 * const world = await mockWorld({ paceMs: 10 });
 * await world.start(handler); await world.login();
 * await world.say(world.contact('小王'), '你好');
 */
export class MockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new RecordingPuppet({ mocker: this.mocker });
  readonly me: ContactMock;
  readonly alerts: WechatyAlert[] = [];
  readonly outcomes = new Map<string, string>();
  readonly adapter: WechatyAdapter;
  private readonly seen = new Map<string, Seen[]>();

  constructor(options: Partial<WechatyAdapterOptions> = {}) {
    this.me = this.mocker.createContact({ name: '小美客服' });
    this.adapter = new WechatyAdapter({
      puppet: this.puppet,
      logger: createLogger({ level: 'silent' }),
      printQr: false,
      paceMs: 10,
      paceJitterMs: 0,
      onAlert: (alert) => this.alerts.push(alert),
      onInbound: ({ messageId, outcome }) => this.outcomes.set(messageId, outcome),
      ...options,
    });
  }

  /** Show a QR code, scan it and wait until the adapter reports the account online. */
  async login(): Promise<void> {
    this.mocker.scan('https://login.weixin.qq.com/l/mock-qr', 2);
    this.mocker.login(this.me);
    await waitUntil(() => this.adapter.status().state === 'online', 'the account to be online');
  }

  /** A shopper (friend of the shop account) whose incoming messages from the bot are recorded. */
  contact(name: string): ContactMock {
    const contact = this.mocker.createContact({ name });
    this.record(contact.id, contact);
    return contact;
  }

  /** A group chat (id ending in @chatroom, as the mock routes by it) with the bot and `members`. */
  room(topic: string, members: ContactMock[]): RoomMock {
    const id = `${Math.random().toString(36).slice(2)}@chatroom`;
    const room = this.mocker.createRoom({ id, topic, memberIdList: [this.me.id, ...members.map((m) => m.id)] });
    this.record(room.id, room);
    return room;
  }

  /** `from` says `text` to the bot (or into `to`, a room); resolves with its message id once the adapter is done with it. */
  async say(from: ContactMock, text: string, to: ContactMock | RoomMock = this.me, mentions: ContactMock[] = []): Promise<string> {
    let id: string | undefined;
    const grab = (message: MessageMock): void => void (message.talker().id === from.id && (id ??= message.id));
    from.on('message', grab);
    from.say(text, mentions).to(to);
    from.off('message', grab);
    if (!id) throw new Error('the mock did not create the message');
    await waitUntil(() => this.outcomes.has(id!), `the adapter to process "${text}"`);
    return id;
  }

  /** What `who` (contact or room) saw the bot send, link and mini-program cards included. */
  seenBy(who: { id: string }): Seen[] {
    const links = this.puppet.links
      .filter((l) => l.conversationId === who.id)
      .map((l): Seen => ({ kind: 'link', link: l.payload, at: l.at }));
    const minis = this.puppet.miniPrograms
      .filter((m) => m.conversationId === who.id)
      .map((m): Seen => ({ kind: 'mini', mini: m.payload, at: m.at }));
    return [...(this.seen.get(who.id) ?? []), ...links, ...minis].sort((a, b) => a.at - b.at);
  }

  /** The texts `who` saw, in order. */
  textsSeenBy(who: { id: string }): string[] {
    return this.seenBy(who).flatMap((s) => (s.text === undefined ? [] : [s.text]));
  }

  async close(): Promise<void> {
    await this.adapter.stop();
  }

  private record(id: string, who: ContactMock | RoomMock): void {
    const list: Seen[] = [];
    this.seen.set(id, list);
    who.on('message', (message: MessageMock) => {
      if (message.talker().id !== this.me.id) return;
      const file = this.mocker.cacheFileBoxPayload.get(message.id) as { url?: string; name?: string; base64?: string } | undefined;
      if (file?.base64 !== undefined)
        list.push({ kind: 'image', file: { name: file.name ?? '', bytes: Buffer.from(file.base64, 'base64') }, at: Date.now() });
      else if (file) list.push({ kind: 'image', url: file.url, at: Date.now() });
      else list.push({ kind: 'text', text: message.text() ?? '', at: Date.now() });
    });
  }
}
