/** Shopper actions that open a customer-service window on some channels. */
export type InboundAction = 'message' | 'menu_click' | 'payment' | 'session_enter';

/** One window: how long it stays open after the action and how many messages it allows (null = unlimited). */
export interface WindowRule {
  durationMs: number;
  quota: number | null;
}

/**
 * What a channel allows for proactive messages. Exactly one mode:
 * - `windows`: only inside a window opened by a shopper action (a new action of the same kind resets it);
 * - `presence`: only while the shopper is connected (web chat);
 * - `open`: no platform limit (kefu's own caps still apply).
 */
export interface ChannelRule {
  windows?: Partial<Record<InboundAction, WindowRule>>;
  presence?: boolean;
  open?: boolean;
  /** Channel can deliver consented one-time subscription messages outside a window. */
  subscription?: boolean;
}

const H48 = 48 * 3_600_000;
const MIN1 = 60_000;

/**
 * The shipped rules (../shared/docs/platform-rules.md). Replace or extend per deployment.
 * Channels not listed are blocked (`no_channel_rule`): add a rule rather than guess.
 */
export const DEFAULT_CHANNEL_RULES: Readonly<Record<string, ChannelRule>> = {
  'wechat-official': {
    windows: {
      message: { durationMs: H48, quota: 5 },
      menu_click: { durationMs: MIN1, quota: 3 },
      payment: { durationMs: H48, quota: null },
    },
    subscription: true,
  },
  'wechat-mini': {
    windows: { message: { durationMs: H48, quota: 5 }, session_enter: { durationMs: MIN1, quota: 2 } },
    subscription: true,
  },
  'wecom-kf': { windows: { message: { durationMs: H48, quota: 5 } } },
  web: { presence: true },
  wechaty: { open: true },
  botframework: { open: true },
  test: { open: true },
};

/** Window kinds of a rule ordered by preference: unlimited first, then the longest. */
export function windowPreference(rule: ChannelRule): [InboundAction, WindowRule][] {
  return (Object.entries(rule.windows ?? {}) as [InboundAction, WindowRule][]).sort(
    ([, a], [, b]) => (a.quota === null ? -1 : 0) - (b.quota === null ? -1 : 0) || b.durationMs - a.durationMs,
  );
}
