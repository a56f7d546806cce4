import type { InboundActivityRecorder } from '../bot/middleware/channel-window';
import type { ReplyOutcomeRecorder } from '../bot/middleware/deliver';
import type { Logger } from '../core/log';
import type { InboundMessage } from '../core/message';
import { inboundActionOf, type PolicyLedger } from '../outreach';

/** The event an adapter emits when a shopper answers a subscription-message prompt (WeChat 订阅消息). */
export const SUBSCRIPTION_CONSENT_EVENT = 'subscription_consent';

/** A consent answer carried by an inbound `subscription_consent` event, if the message is one. */
export function consentOf(message: InboundMessage): { template: string; accepted: boolean } | undefined {
  if (message.kind !== 'event' || message.event?.type !== SUBSCRIPTION_CONSENT_EVENT) return undefined;
  const { template, accepted } = message.event.payload ?? {};
  return typeof template === 'string' && template !== '' ? { template, accepted: accepted === true } : undefined;
}

/**
 * What the turn pipeline tells the outreach policy ledger: shopper actions open send windows, accepted
 * subscription prompts add one consent, replies on windowed channels use the window's quota (passive
 * replies do not), and a platform refusal (45015/45047) overrides kefu's own count.
 *
 * @example
 * const { activity, replyOutcomes } = ledgerRecorders(outreach.ledger, logger);
 * new Bot({ ...deps, activity, replyOutcomes });
 */
export function ledgerRecorders(
  ledger: PolicyLedger,
  logger: Logger,
): { activity: InboundActivityRecorder; replyOutcomes: ReplyOutcomeRecorder } {
  return {
    activity: {
      async recordInbound(message, userId) {
        const consent = consentOf(message);
        if (consent?.accepted) {
          await ledger.recordConsent(userId, consent.template);
          logger.info({ channel: message.ref.channel, template: consent.template }, 'subscription consent recorded');
        }
        const action = inboundActionOf(message);
        if (action) await ledger.recordInbound(message.ref.channel, userId, action, message.receivedAt);
      },
    },
    replyOutcomes: {
      async recordSent(ref, userId, result) {
        if (result && (result.passive || result.skipped)) return; // a passive reply, or nothing sent (a WeCom human has it)
        await ledger.recordOutbound(ref.channel, userId);
      },
      async recordRefused(ref, userId, error) {
        if (error.reason === 'no_consent') return;
        await ledger.windows.recordRefusal(ref.channel, userId, error.reason);
      },
    },
  };
}
