import type { PolicyDecision } from '../outreach/policy/decision';

/** Whether an operator can reply now, and if not why (Chinese, shown in the console). */
export interface ReplyCheck {
  ok: boolean;
  /** Why not, or a warning when ok (e.g. the shopper closed the web page: the reply waits in the history). */
  note?: string;
}

/** Why an operator cannot reply on 微信客服 while a WeCom servicer or the waiting pool has the session. */
export const HUMAN_SIDE_NOTE = '这位顾客已在企业微信中由人工接待或在排队，请在企业微信里回复。';

/**
 * The console's reading of a channel's send rules for one shopper (the outreach policy ledger's channel check):
 * WeChat's 48-hour window and its 5-message allowance, web chat's presence.
 *
 * @example
 * replyCheckOf({ allowed: false, blocked: true, reason: 'window_closed' }); // { ok: false, note: '顾客超过 48 小时…' }
 */
export function replyCheckOf(decision: PolicyDecision): ReplyCheck {
  if (decision.allowed) return { ok: true };
  switch (decision.reason) {
    case 'window_closed':
      return { ok: false, note: '顾客超过 48 小时没有发消息，微信不允许再回复；等顾客再次发消息后即可回复。' };
    case 'window_quota':
      return { ok: false, note: '顾客上次发消息后的可回复条数（微信 48 小时内 5 条）已用完；等顾客再次发消息后即可回复。' };
    case 'not_connected':
      return { ok: true, note: '顾客已离开网页，回复会保存在对话里，顾客回来时可以看到。' };
    default:
      return { ok: true };
  }
}
