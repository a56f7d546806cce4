import type { CommerceGateway } from '../../commerce/gateway';
import { withOrderHistory } from '../../core/lifecycle';
import type { OrderLedger } from '../../core/order-ledger';
import type { OrderHistory, UserProfile } from '../../core/user';
import { factsOfOrders } from './order-facts';

/** Options of {@link OrderRefresher}. */
export interface OrderRefresherOptions {
  /** Ask the shop again when its last answer is older than this. @defaultValue 10 minutes */
  maxAgeMs?: number;
  /**
   * How long a turn waits for the shop; a slower answer is still recorded when it comes, the turn goes on with
   * what kefu knew. @defaultValue 1500
   */
  waitMs?: number;
  /** After a failed call, the shop is not asked again about that shopper for this long. @defaultValue 1 minute */
  retryAfterMs?: number;
  /** Most shoppers remembered in this process. @defaultValue 50000 */
  maxEntries?: number;
  now?: () => number;
  onError?: (err: unknown, userId: string) => void;
}

/**
 * Keeps a shopper's order history fresh from the merchant API (CommerceGateway.listOrders) without asking the
 * shop on every message: `refresh(user)` asks only when the history was last checked more than `maxAgeMs` ago
 * (in the database, so all processes share it, and in this process, since cached profiles lag), records the
 * orders in the {@link OrderLedger} and returns the profile with the new history. A slow or failing shop never
 * holds a turn longer than `waitMs`; the profile is then returned as it was.
 *
 * @example
 * const refresher = new OrderRefresher(commerce, new TypeormOrderLedger(ds));
 * ctx.user = await refresher.refresh(ctx.user);
 */
export class OrderRefresher {
  private readonly checked = new Map<string, { at: number; history?: OrderHistory }>();
  private readonly running = new Map<string, Promise<OrderHistory | undefined>>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly commerce: Pick<CommerceGateway, 'listOrders'>,
    private readonly ledger: OrderLedger,
    private readonly options: OrderRefresherOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The profile with a fresh order history (asking the shop only when the last answer is too old). */
  async refresh(user: UserProfile): Promise<UserProfile> {
    const now = this.now();
    const stored = user.orders?.checkedAt ? Date.parse(user.orders.checkedAt) : undefined;
    const known = this.checked.get(user.id);
    if (known && (stored === undefined || stored < known.at)) {
      // this process asked more recently than the (possibly cached) profile knows
      if (known.history) user = withOrderHistory(user, known.history);
      if (now - known.at < this.maxAgeMs) return user;
    } else if (stored !== undefined && now - stored < this.maxAgeMs) {
      return user;
    }
    const history = await this.askOnce(user.id, now);
    return history ? withOrderHistory(user, history) : user;
  }

  /** One call to the shop per shopper at a time; waits at most `waitMs` for it. */
  private async askOnce(userId: string, now: number): Promise<OrderHistory | undefined> {
    let call = this.running.get(userId);
    if (!call) {
      call = this.ask(userId, now).finally(() => this.running.delete(userId));
      this.running.set(userId, call);
    }
    let stop = (): void => undefined;
    const timeout = new Promise<undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), this.options.waitMs ?? 1500);
      stop = () => clearTimeout(timer);
    });
    try {
      return await Promise.race([call, timeout]);
    } finally {
      stop();
    }
  }

  private async ask(userId: string, now: number): Promise<OrderHistory | undefined> {
    try {
      const orders = await this.commerce.listOrders(userId);
      const checkedAt = new Date(this.now());
      const history = await this.ledger.record(userId, factsOfOrders(orders, checkedAt.toISOString()), checkedAt);
      this.remember(userId, { at: checkedAt.getTime(), history });
      return history;
    } catch (err) {
      // do not ask again at once: back off, and keep what kefu knew
      this.remember(userId, { at: now - this.maxAgeMs + (this.options.retryAfterMs ?? 60_000) });
      this.options.onError?.(err, userId);
      return undefined;
    }
  }

  private remember(userId: string, entry: { at: number; history?: OrderHistory }): void {
    this.checked.delete(userId);
    this.checked.set(userId, entry);
    if (this.checked.size > (this.options.maxEntries ?? 50_000)) {
      const [oldest] = this.checked.keys();
      if (oldest !== undefined) this.checked.delete(oldest);
    }
  }
}
