import type { SendOptions } from '../core/channel-adapter';
import { KefuError } from '../core/errors';
import type { ConversationRef, OutboundMessage } from '../core/message';

/**
 * The channel's {@link SendOptions} with the idempotency key required: every attempt of one outreach job
 * carries the same key, and adapters that can, dedupe by it (see `Sender.idempotent`).
 */
export type OutreachSendOptions = SendOptions & Required<Pick<SendOptions, 'idempotencyKey'>>;

const BUSY_WHY = {
  handoff: 'the conversation is with a human operator',
  not_interruptible: 'the conversation is in a flow that may not be interrupted',
  recently_served: 'the shopper was in this flow a short while ago (a prediction does not serve it twice)',
} as const;

/**
 * A `start:` flow could not begin because the conversation is busy: handed to a human operator, or in a flow
 * that may not be interrupted. The job is suppressed (`conversation_busy`), not retried.
 */
export class ConversationBusyError extends KefuError {
  constructor(
    readonly flowId: string,
    readonly reason: 'handoff' | 'not_interruptible' | 'recently_served',
  ) {
    super(
      'CONVERSATION_BUSY',
      `Flow '${flowId}' was not started: ${BUSY_WHY[reason]}.`,
      'nothing to do for this job; the shopper gets the next one once the conversation is free.',
    );
  }
}

/**
 * How outreach reaches a channel: the composition root implements it over the ChannelAdapters
 * (and the flow engine for `startFlow`).
 *
 * @example
 * const sender: Sender = { idempotent: false, send: (ref, msg, options) => adapters.get(ref.channel)!.send(ref, msg, options) };
 */
export interface Sender {
  /**
   * Per channel (a function of the channel name) or for all: true when the channel behind `send` drops a second request with the same idempotency key.
   * Then a send interrupted by a crash is repeated with the same key (exactly once). When false,
   * it is not repeated (at most once) and the job fails with `uncertain_after_crash`.
   */
  readonly idempotent: boolean | ((channel: string) => boolean);
  send(ref: ConversationRef, message: OutboundMessage, options: OutreachSendOptions): Promise<{ messageId?: string }>;
  /**
   * Start a flow proactively in that conversation (triggers with `start:`) and deliver its replies, reply `i`
   * with the idempotency key `<key>#<i>`. Throws what the first reply's send throws (nothing was delivered; the
   * conversation is as before), or {@link ConversationBusyError}. `guard.skipIfEnteredWithinMs`: intent predictions
   * do not start a flow the shopper entered that recently (ConversationBusyError `recently_served`).
   */
  startFlow?(
    ref: ConversationRef,
    flowId: string,
    vars: Record<string, unknown>,
    options: OutreachSendOptions,
    guard?: { skipIfEnteredWithinMs?: number },
  ): Promise<void>;
}
