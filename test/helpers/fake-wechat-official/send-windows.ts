/** A shopper action that opens a send window (platform-rules.md). */
export type WindowAction = 'message' | 'menu' | 'session' | 'payment';

/** Length and quota of each window: a shopper message 48 h / 5, a menu click / follow / scan 1 min / 3, a Mini Program session 1 min / 2, a payment 48 h / unlimited. */
export const WINDOW_RULES: Record<WindowAction, { ms: number; quota: number }> = {
  message: { ms: 48 * 3600_000, quota: 5 },
  menu: { ms: 60_000, quota: 3 },
  session: { ms: 60_000, quota: 2 },
  payment: { ms: 48 * 3600_000, quota: Infinity },
};

/**
 * The customer-service send windows of the fake platform, per (appId, openid) and action: a new action of a kind
 * resets that window (allowances do not add up); a send uses the open window that closes first.
 *
 * @example
 * windows.open('wx1', 'oUser', 'message', now);
 * windows.use('wx1', 'oUser', now); // 0, then 45047 after five sends, 45015 after 48 h
 */
export class SendWindows {
  private readonly windows = new Map<string, Map<WindowAction, { closesAt: number; remaining: number }>>();

  open(appId: string, openid: string, action: WindowAction, now: number): void {
    const key = `${appId}:${openid}`;
    const byAction = this.windows.get(key) ?? new Map();
    byAction.set(action, { closesAt: now + WINDOW_RULES[action].ms, remaining: WINDOW_RULES[action].quota });
    this.windows.set(key, byAction);
  }

  /** Uses one message of an open window: 0 on success, 45015 when none is open, 45047 when all open ones are used up. */
  use(appId: string, openid: string, now: number): 0 | 45015 | 45047 {
    const open = [...(this.windows.get(`${appId}:${openid}`)?.values() ?? [])].filter((w) => w.closesAt > now);
    if (open.length === 0) return 45015;
    const usable = open.filter((w) => w.remaining > 0).sort((a, b) => a.closesAt - b.closesAt)[0];
    if (!usable) return 45047;
    usable.remaining -= 1;
    return 0;
  }
}
