import type { MiddlewareFn } from '../../core/pipeline';
import type { ConversationStateStore } from '../../core/state-store';
import { emptyConversationState } from '../../core/conversation-state';
import type { TurnContext } from '../turn-context';

/**
 * Serialise turns of one conversation across processes: hold the conversation's lock, load its
 * state before the rest of the pipeline and save it after. Replies are delivered inside the lock,
 * so they keep their order even when several processes serve one shop.
 */
export function conversationLock(store: ConversationStateStore, now: () => number): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    await store.withLock(ctx.key, async () => {
      ctx.state = (await store.load(ctx.key)) ?? emptyConversationState(now());
      await next();
      // Only a turn the flow engine ran changes the state; turns stopped early (empty text) leave it as it was.
      if (ctx.output) await store.save(ctx.key, ctx.state);
    });
  };
}
