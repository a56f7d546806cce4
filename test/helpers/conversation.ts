import { outboundToText, type ConversationRef, type InboundMessage, type OutboundMessage } from '../../src/core/message';
import type { TestChannel } from './test-channel';

type Expectation = string | RegExp | ((message: OutboundMessage, all: OutboundMessage[]) => void);

let counter = 0;

/**
 * A chat with the bot that reads like one (after botbuilder's TestFlow):
 *
 * @example
 * await chat('u-1').send('你好').expectReply(/欢迎/).send('转人工').expectReply(/人工/).expectSilence();
 */
export class Conversation implements PromiseLike<void> {
  private chain: Promise<void> = Promise.resolve();
  private pending: OutboundMessage[] = [];
  readonly ref: ConversationRef;

  constructor(
    private readonly channel: TestChannel,
    userId: string,
    conversationId = `c-${userId}`,
  ) {
    this.ref = { channel: channel.name, conversationId, userId };
  }

  private then_(step: () => Promise<void>): this {
    this.chain = this.chain.then(step);
    return this;
  }

  private async deliver(message: Omit<InboundMessage, 'id' | 'ref' | 'receivedAt'>): Promise<void> {
    if (!this.channel.handler) throw new Error('The test channel is not started: call kefu.start() first.');
    counter += 1;
    await this.channel.handler({ ...message, id: `m-${Date.now()}-${counter}`, ref: this.ref, receivedAt: Date.now() });
    this.pending.push(...this.channel.take(this.ref));
  }

  /** The shopper types a text. */
  send(text: string): this {
    return this.then_(() => this.deliver({ kind: 'text', text }));
  }

  /** The shopper clicks a quick reply. */
  click(title: string, payload?: string): this {
    return this.then_(() => this.deliver({ kind: 'postback', text: title, postback: payload ?? title }));
  }

  /** A behaviour event arrives (visit, order_created, …). */
  event(type: string, payload?: Record<string, unknown>): this {
    return this.then_(() => this.deliver({ kind: 'event', event: { type, payload } }));
  }

  /** The next unread reply matches (text contains the string, matches the regex, or passes the check). */
  expectReply(expected: Expectation): this {
    return this.then_(async () => {
      const all = [...this.pending];
      const next = this.pending.shift();
      if (!next) throw new Error(`Expected a reply ${String(expected)}, but the bot said nothing more.`);
      const text = outboundToText(next);
      if (typeof expected === 'string') {
        if (!text.includes(expected)) throw new Error(`Expected a reply containing "${expected}", got: ${text}`);
      } else if (expected instanceof RegExp) {
        if (!expected.test(text)) throw new Error(`Expected a reply matching ${expected}, got: ${text}`);
      } else {
        expected(next, all);
      }
    });
  }

  /** Some unread reply (skipping others) matches. */
  expectAnyReply(expected: string | RegExp): this {
    return this.then_(async () => {
      const texts = this.pending.map(outboundToText);
      const index = texts.findIndex((t) => (typeof expected === 'string' ? t.includes(expected) : expected.test(t)));
      if (index < 0) throw new Error(`Expected some reply ${String(expected)}, got:\n${texts.join('\n') || '(nothing)'}`);
      this.pending.splice(0, index + 1);
    });
  }

  /** The next unread reply is of a type (e.g. coupon_card). */
  expectCard(type: OutboundMessage['type']): this {
    return this.then_(async () => {
      const index = this.pending.findIndex((m) => m.type === type);
      if (index < 0) throw new Error(`Expected a ${type}, got: ${this.pending.map((m) => m.type).join(', ') || '(nothing)'}`);
      this.pending.splice(0, index + 1);
    });
  }

  /** The bot said nothing (more) for the last message. */
  expectSilence(): this {
    return this.then_(async () => {
      if (this.pending.length > 0) throw new Error(`Expected silence, the bot said: ${this.pending.map(outboundToText).join(' | ')}`);
    });
  }

  /** Forget unread replies. */
  skipReplies(): this {
    return this.then_(async () => {
      this.pending = [];
    });
  }

  /** Read the unread replies (for custom assertions). */
  inspect(fn: (replies: OutboundMessage[]) => void): this {
    return this.then_(async () => fn([...this.pending]));
  }

  then<R1 = void, R2 = never>(
    onfulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.chain.then(onfulfilled, onrejected);
  }
}
