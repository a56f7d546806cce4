import type { ConversationRef, OutboundMessage } from '../core/message';

/** Options of one proactive send. */
export interface SendOptions {
  /** Same for every attempt of one job; adapters that can, dedupe by it (see `Sender.idempotent`). */
  idempotencyKey: string;
  /** Set when the message goes out as a consented subscription (template) message. */
  subscriptionTemplate?: string;
}

/**
 * How outreach reaches a channel. The lead implements it over the ChannelAdapters
 * (and the flow engine for `startFlow`).
 *
 * @example
 * const sender: Sender = { idempotent: false, send: (ref, msg) => adapters.get(ref.channel)!.send(ref, msg) };
 */
export interface Sender {
  /**
   * Per channel (a function of the channel name) or for all: true when the channel behind `send` drops a second request with the same idempotency key.
   * Then a send interrupted by a crash is repeated with the same key (exactly once). When false,
   * it is not repeated (at most once) and the job fails with `uncertain_after_crash`.
   */
  readonly idempotent: boolean | ((channel: string) => boolean);
  send(ref: ConversationRef, message: OutboundMessage, options: SendOptions): Promise<{ messageId?: string }>;
  /** Start a flow proactively in that conversation (triggers with `start:`). */
  startFlow?(ref: ConversationRef, flowId: string, vars: Record<string, unknown>, options: SendOptions): Promise<void>;
}
