import { KefuError } from '../../src/index';

/**
 * A keyed (proactive) web chat reply reached no socket: the shopper has the conversation open on no kefu
 * process. Thrown instead of queueing, so outreach does not record a message nobody got; its retries
 * deliver it if the shopper comes back in time (the same key is still shown only once).
 *
 * @example
 * await web.send(ref, message, { idempotencyKey: key }).catch((e) => e instanceof WebNotDeliveredError && retryLater());
 */
export class WebNotDeliveredError extends KefuError {
  constructor(readonly conversationId: string) {
    super(
      'WEB_NOT_DELIVERED',
      `web: shopper not connected, the keyed reply to conversation ${conversationId} reached no open socket on any kefu process.`,
      'it is retried as an outreach send; if this happens for connected shoppers, check that every kefu process uses the same REDIS_URL and KEFU_REDIS_PREFIX.',
    );
  }
}
