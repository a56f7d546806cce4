import type { ChannelRouter } from '../bot/channel-router';
import type { ProactiveStart, ProactiveStartResult } from '../bot/proactive-start';
import { KefuError } from '../core/errors';
import type { ConversationRef, InboundEvent, OutboundMessage } from '../core/message';
import { ConversationBusyError, type OutreachSendOptions, type Sender } from '../outreach';

/** Starts flows in conversations for `start:` triggers (the Bot). */
export interface ProactiveFlows {
  startFlow(request: ProactiveStart): Promise<ProactiveStartResult>;
}

/**
 * Outreach's way out: sends through the channel adapters, passing the job's idempotency key (and the
 * subscription template when the job goes out as a consented subscription message). Idempotence is per
 * channel: on one that drops repeated keys (web chat, on the server and in the widget) a send interrupted
 * by a worker crash is retried and still reaches the shopper exactly once; on one that cannot (WeChat's
 * customer-service API), such a send is not retried (at most once, logged as uncertain).
 *
 * With `flows`, `start:` triggers start their flow in the shopper's conversation (see Bot.startFlow): the
 * flow's replies go out through the same adapters with `<key>#<i>`, and the shopper's answer continues it.
 *
 * @example
 * const sender = createOutreachSender(router, { startFlow: (request) => bot.startFlow(request) });
 */
export function createOutreachSender(router: ChannelRouter, flows?: ProactiveFlows): Sender {
  const sender: Sender = {
    idempotent: (channel: string): boolean => router.get(channel)?.capabilities.idempotent === true,
    async send(ref: ConversationRef, message: OutboundMessage, options: OutreachSendOptions): Promise<{ messageId?: string }> {
      const result = await router.send(ref, message, {
        idempotencyKey: options.idempotencyKey,
        subscriptionTemplate: options.subscriptionTemplate,
      });
      return { messageId: result.messageId };
    },
  };
  if (!flows) return sender;
  return {
    ...sender,
    async startFlow(ref, flowId, vars, options, guard): Promise<void> {
      const skip = guard?.skipIfEnteredWithinMs;
      const result = await flows.startFlow({
        ref,
        flowId,
        event: eventOf(vars['event']),
        idempotencyKey: options.idempotencyKey,
        ...(skip !== undefined ? { skipIfEnteredWithinMs: skip } : {}),
      });
      if (result.started || result.reason === 'already_active') return; // already there: a retry after a crash, or the shopper started it
      if (result.reason === 'unknown_flow') {
        throw new KefuError(
          'UNKNOWN_FLOW',
          `A proactive trigger starts flow '${flowId}', which is not loaded.`,
          'correct its start: (`kefu flows check` names the trigger) or restore the flow.',
        );
      }
      throw new ConversationBusyError(flowId, result.reason);
    },
  };
}

/** The scheduling event as the flow sees it (`event.type`, `event.payload`). */
function eventOf(value: unknown): InboundEvent | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string') return undefined;
  return { type, payload: payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {} };
}
