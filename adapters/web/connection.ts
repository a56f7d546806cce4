import type { RawData, WebSocket } from 'ws';
import { cleanText, type ConversationRef, type InboundMessage, type Logger } from '../../src/index';
import type { AddressAllowance } from './ip-limits';
import { parseClientFrame, type ClientFrame, type ErrorCode, type HelloFrame, type ServerFrame } from './protocol';
import { TokenBucket } from './token-bucket';

/** Limits applied to one connection. */
export interface ConnectionLimits {
  maxChars: number;
  maxFrameBytes: number;
  rateLimit: { messages: number; perMs: number };
  allowedEvents: ReadonlySet<string>;
}

/** What a connection asks of the adapter. */
export interface ConnectionHost {
  /** Bind the socket to a conversation and send `welcome`; returns the conversation. */
  hello(connection: ChatConnection, frame: HelloFrame): Promise<ConversationRef>;
  /** Run one turn for an accepted inbound message. Never throws. */
  turn(connection: ChatConnection, message: InboundMessage): Promise<void>;
}

/** How many client message ids a connection remembers for dedupe. */
const SEEN_IDS = 500;

/** What a shopper over a limit is told: the English reason for developers, the Chinese text for the widget. */
const OVER_LIMIT = {
  connection: { reason: 'too many messages, slow down', text: '您发得太快啦，歇一下再发哦～' },
  address: {
    reason: 'too many messages from this network address, slow down',
    text: '当前网络下发来的消息有点多，请稍等一会儿再发哦～',
  },
} as const;

/**
 * One browser connection: validates every frame, rate-limits (its own bucket, then its address's shared
 * one), dedupes ids, cleans text and hands accepted messages to the adapter one at a time (in arrival order).
 */
export class ChatConnection {
  /** Set after `hello`. */
  ref?: ConversationRef;
  private readonly bucket: TokenBucket;
  private readonly seen = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private helloSeen = false;
  private droppedSinceWarn = 0;
  private lastDropWarn = 0;

  constructor(
    readonly socket: WebSocket,
    private readonly limits: ConnectionLimits,
    private readonly host: ConnectionHost,
    private readonly log: Logger,
    /** The per-address budget this connection shares with the address's other connections. */
    private readonly address?: AddressAllowance,
  ) {
    this.bucket = new TokenBucket(limits.rateLimit.messages, limits.rateLimit.perMs);
  }

  /** Send one frame to this socket (if still open). */
  send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Send an error frame; the connection stays open. */
  error(code: ErrorCode, reason: string, id?: string): void {
    this.send(id === undefined ? { type: 'error', code, reason } : { type: 'error', code, reason, id });
  }

  /** Handle one raw WebSocket frame. */
  receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.error('binary_not_supported', 'binary frames are not supported: send JSON text frames');
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > this.limits.maxFrameBytes) {
      this.log.warn({ conversationId: this.ref?.conversationId, bytes: size }, 'web frame too large, rejected');
      return this.error('frame_too_large', `frames are limited to ${this.limits.maxFrameBytes} bytes`);
    }
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    const parsed = parseClientFrame(text);
    // Every frame takes a token except the connection's first hello.
    const firstHello = parsed.ok && parsed.frame.type === 'hello' && !this.helloSeen;
    if (!firstHello && !this.bucket.take()) return this.rateLimited('connection');
    if (!firstHello && this.address && !this.address.take()) return this.rateLimited('address');
    if (!parsed.ok) return this.error('bad_frame', parsed.reason);
    if (firstHello) this.helloSeen = true;
    this.chain = this.chain.then(() => this.process(parsed.frame)).catch((err) => this.log.error({ err }, 'web frame handling failed'));
  }

  private rateLimited(scope: keyof typeof OVER_LIMIT): void {
    this.droppedSinceWarn += 1;
    const now = Date.now();
    if (now - this.lastDropWarn >= 1000) {
      this.log.warn(
        { conversationId: this.ref?.conversationId, dropped: this.droppedSinceWarn, scope },
        'web client over rate limit, messages dropped',
      );
      this.lastDropWarn = now;
      this.droppedSinceWarn = 0;
    }
    this.send({ type: 'error', code: 'rate_limited', ...OVER_LIMIT[scope] });
  }

  private async process(frame: ClientFrame): Promise<void> {
    if (frame.type === 'hello') {
      if (this.ref) return this.error('bad_frame', 'hello was already received on this connection');
      this.ref = await this.host.hello(this, frame);
      return;
    }
    const ref = this.ref;
    if (!ref) return this.error('hello_required', "send {type:'hello'} first", frame.id);
    if (this.seen.has(frame.id)) {
      this.log.debug({ conversationId: ref.conversationId, id: frame.id }, 'web duplicate message id ignored');
      return;
    }
    this.remember(frame.id);
    const inbound = this.toInbound(ref, frame);
    if (inbound) await this.host.turn(this, inbound);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value as string);
  }

  private toInbound(ref: ConversationRef, frame: Exclude<ClientFrame, HelloFrame>): InboundMessage | undefined {
    const base = { id: `web:${ref.conversationId}:${frame.id}`, ref, receivedAt: Date.now() };
    if (frame.type === 'event') {
      if (!this.limits.allowedEvents.has(frame.name)) {
        this.error('bad_frame', `event '${frame.name}' is not accepted from browsers`, frame.id);
        return undefined;
      }
      return { ...base, kind: 'event', event: { type: frame.name, payload: frame.payload } };
    }
    const raw = frame.type === 'message' ? frame.text : frame.title;
    const { text, truncated } = cleanText(raw, { maxChars: this.limits.maxChars, newlines: 'keep' }); // history shows it as typed
    if (!text) {
      this.error('empty_message', 'the message is empty after removing spaces and control characters', frame.id);
      return undefined;
    }
    if (truncated) {
      this.send({ type: 'notice', code: 'truncated', text: `消息有点长，我先看前 ${this.limits.maxChars} 个字哦～` });
    }
    // The product the shopper asked from (a product tile's 问问客服): flows may keep it as the product in focus.
    const productId = frame.context?.productId;
    const product = productId ? { product: { id: productId } } : {};
    if (frame.type === 'message') return { ...base, kind: 'text', text, ...product };
    return { ...base, kind: 'postback', text, postback: frame.payload.trim() || text, ...product };
  }
}
