import type { MiddlewareFn } from '../../core/pipeline';
import type { ConversationRef } from '../../core/message';
import type { UserDirectory, UserProfile } from '../../core/user';
import type { TurnContext } from '../turn-context';

/** Maps a turn to its kefu user when identity is more than the channel id (src/identity's ShopIdentities). */
export interface TurnIdentifier {
  identify(ref: ConversationRef, displayName?: string): Promise<UserProfile>;
}

/**
 * Resolve the shopper behind the channel identity (creating a new user the first time). With `identities`, a
 * verified shop customer id on the ref and WeChat openids known to the shop map to the shop customer's user.
 */
export function identify(users: UserDirectory, identities?: TurnIdentifier): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    ctx.user = identities
      ? await identities.identify(ctx.ref, ctx.message.displayName)
      : await users.resolve(ctx.ref.channel, ctx.ref.userId, ctx.message.displayName);
    await next();
  };
}
