import type { MiddlewareFn } from '../../core/pipeline';
import type { UserDirectory } from '../../core/user';
import type { TurnContext } from '../turn-context';

/** Resolve the shopper behind the channel identity (creating a new user the first time). */
export function identify(users: UserDirectory): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    ctx.user = await users.resolve(ctx.ref.channel, ctx.ref.userId, ctx.message.displayName);
    await next();
  };
}
