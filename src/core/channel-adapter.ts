import type { FastifyInstance } from 'fastify';
import type { ConversationRef, InboundMessage, OutboundMessage, OutboundType } from './message';

/** What a channel can render and do. */
export interface ChannelCapabilities {
  /** Outbound message types the channel renders natively. Others are rendered as text or rejected. */
  outbound: readonly OutboundType[];
  /** Whether the bot may message a shopper who has not written first (proactive outreach). */
  proactive: boolean;
  /** Whether the channel shows a typing indicator. */
  typing?: boolean;
  /**
   * Whether a repeated send with the same {@link SendOptions.idempotencyKey} reaches the shopper at most once
   * (the channel or its client drops the copy). Outreach then retries a send interrupted by a crash safely.
   */
  idempotent?: boolean;
}

/** Options of one send. */
export interface SendOptions {
  /** The same for every attempt of one logical message (e.g. an outreach job); see ChannelCapabilities.idempotent. */
  idempotencyKey?: string;
}

/** Called by an adapter for every normalised inbound message. Resolves when the turn is handled. */
export type InboundHandler = (message: InboundMessage) => Promise<void>;

/** Result of one send. */
export interface SendResult {
  /** Platform message id if the platform returns one. */
  messageId?: string;
}

/**
 * The port every channel implements. Small on purpose (see botbuilder's BotAdapter):
 * the core knows nothing else about a channel.
 *
 * @example
 * const adapter: ChannelAdapter = new WebChatAdapter(options);
 * await adapter.start(async (msg) => bot.handle(msg));
 * await adapter.send(ref, { type: 'text', text: '您好～' });
 */
export interface ChannelAdapter {
  /** Unique adapter name; equals `ConversationRef.channel` of its conversations. */
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Register the adapter's HTTP/WebSocket routes. Called by the composition root before listen. */
  registerRoutes?(app: FastifyInstance): Promise<void> | void;
  /** Begin receiving; every inbound message goes to `handler`. */
  start(handler: InboundHandler): Promise<void>;
  /** Stop receiving and release resources. Idempotent. */
  stop(): Promise<void>;
  /**
   * For presence channels (web chat): whether the shopper is connected to this conversation right now.
   * Proactive outreach only uses such a channel while it is true. Omit on channels without presence.
   */
  isPresent?(ref: ConversationRef): boolean;
  /** Deliver one message into a conversation. Throws UnsupportedFeatureError for types it cannot render. */
  send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
}
