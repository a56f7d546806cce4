import type { MiddlewareFn } from '../../core/pipeline';
import type { UserProfile } from '../../core/user';
import type { TurnContext } from '../turn-context';

/** What the lifecycle step needs: something that freshens a shopper's order history (OrderRefresher). */
export interface OrderHistoryRefresher {
  refresh(user: UserProfile): Promise<UserProfile>;
}

/**
 * After identify: the shopper's order history from the shop when kefu's copy is stale (see OrderRefresher), so
 * the flows see `user.isNew`, `user.lifecycle`, `user.orders` as the shop knows them from the first message of a
 * visit. It never fails a turn: the refresher keeps what kefu knew when the shop does not answer.
 */
export function lifecycle(refresher: OrderHistoryRefresher): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    if (ctx.user) ctx.user = await refresher.refresh(ctx.user);
    await next();
  };
}
