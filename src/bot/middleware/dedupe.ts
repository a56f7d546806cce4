import type { ConversationStateStore } from '../../core/state-store';
import type { MiddlewareFn } from '../../core/pipeline';
import type { TurnContext } from '../turn-context';

/**
 * Drop platform retries: a message id seen before (within `ttlSeconds`) stops the turn.
 * Shared across processes through the state store (Redis).
 */
export function dedupe(store: ConversationStateStore, ttlSeconds = 24 * 3600): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const id = `${ctx.ref.channel}:${ctx.ref.accountId ?? '-'}:${ctx.message.id}`;
    if (!(await store.firstSeen(id, ttlSeconds))) {
      ctx.stopped = 'duplicate';
      return;
    }
    await next();
  };
}
