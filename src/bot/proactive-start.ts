import type { ConversationRef, InboundEvent, InboundMessage } from '../core/message';
import type { NotStartedReason } from '../flows/engine-types';

/** Outreach asks the bot to start a flow in a conversation (a proactive trigger's `start:`). */
export interface ProactiveStart {
  ref: ConversationRef;
  flowId: string;
  /** The event that scheduled it; the flow's first steps see it as `event` (e.g. `{{ event.payload.title }}`). */
  event?: InboundEvent;
  /** The outreach job's key: reply `i` is sent with `<idempotencyKey>#<i>`. */
  idempotencyKey: string;
  /** Not started (`recently_served`) when the conversation entered the flow within this many ms (intent predictions). */
  skipIfEnteredWithinMs?: number;
}

/** What a {@link ProactiveStart} did. */
export type ProactiveStartResult = { started: true; replies: number } | { started: false; reason: NotStartedReason };

/**
 * The inbound message a proactive turn runs on: an `event` carrying the scheduling event (or `outreach`),
 * with an id derived from the job's key.
 */
export function proactiveMessage(request: ProactiveStart, now: number): InboundMessage {
  const event: InboundEvent = { type: request.event?.type ?? 'outreach', payload: request.event?.payload ?? {} };
  return { id: `outreach:${request.idempotencyKey}`, ref: request.ref, kind: 'event', event, receivedAt: now };
}
