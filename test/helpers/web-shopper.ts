import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { outboundToText, type OutboundMessage } from '../../src/core/message';
import { waitUntil } from './wait-until';

type Frame = { type: string; on?: boolean; message?: OutboundMessage; userId?: string; conversationId?: string };

/**
 * A shopper on kefu's web chat over a real WebSocket who stays connected: says things and reads every reply,
 * including replies that come later (an operator's).
 *
 * @example
 * const shopper = await WebShopper.connect(url);
 * await shopper.say('转人工');
 * await shopper.waitFor((text) => text.includes('转接'));
 */
export class WebShopper {
  readonly frames: Frame[] = [];
  ids = { userId: '', conversationId: '' };

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (d) => this.frames.push(JSON.parse(d.toString()) as Frame));
  }

  /** Open the chat; with `resume` (the ids of an earlier visit) the shopper comes back to that conversation. */
  static async connect(url: string, resume?: { userId: string; conversationId: string }): Promise<WebShopper> {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/chat/ws`);
    const shopper = new WebShopper(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'hello', ...resume }));
    await waitUntil(
      () => shopper.frames.some((f) => f.type === 'welcome'),
      () => shopper.frames,
      10_000,
    );
    const welcome = shopper.frames.find((f) => f.type === 'welcome')!;
    shopper.ids = { userId: welcome.userId!, conversationId: welcome.conversationId! };
    return shopper;
  }

  /** Every reply's text so far (cards and quick replies as their text form). */
  replies(): string[] {
    return this.frames.filter((f) => f.type === 'reply' && f.message).map((f) => outboundToText(f.message!));
  }

  /** Say `text` and wait until the bot stopped typing (the turn ended, silent or not). */
  async say(text: string): Promise<void> {
    const before = this.frames.length;
    this.socket.send(JSON.stringify({ type: 'message', id: randomUUID().slice(0, 12), text }));
    await waitUntil(
      () =>
        this.frames.slice(before).some((f) => f.type === 'typing' && f.on === false) ||
        this.frames.slice(before).some((f) => f.type === 'error'),
      () => this.frames.slice(before),
      15_000,
    );
  }

  /** Wait for a reply whose text matches. */
  async waitFor(match: (text: string) => boolean, ms = 15_000): Promise<string> {
    await waitUntil(
      () => this.replies().some(match),
      () => this.replies(),
      ms,
    );
    return this.replies().find(match)!;
  }

  close(): void {
    this.socket.close();
  }
}
