import type { HandoffDetail } from '../../desk/agent-desk';
import type { Handoff } from '../../desk/handoff-types';
import { maskShopperId } from './mask-shopper';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A handoff as the inbox list shows it: shopper id masked, times ISO, the wait in seconds. */
export function handoffView(h: Handoff, now: number): Record<string, unknown> {
  const waitedUntil = h.takenAt ?? (h.status === 'waiting' ? now : (h.closedAt ?? now));
  return {
    id: h.id,
    channel: h.channel,
    shopper: maskShopperId(h.userId),
    reason: h.reason,
    status: h.status,
    operator: h.operator ?? null,
    handedOffAt: iso(h.handedOffAt),
    takenAt: iso(h.takenAt),
    firstReplyAt: iso(h.firstReplyAt),
    waitSeconds: Math.max(0, Math.round((waitedUntil - h.handedOffAt) / 1000)),
    lastText: h.lastText ?? null,
    lastShopperAt: iso(h.lastShopperAt),
    closedAt: iso(h.closedAt),
    closedBy: h.closedBy ?? null,
  };
}

/** One handoff with its transcript, the shopper's profile (ids masked) and recent orders. */
export function detailView(d: HandoffDetail, now: number): Record<string, unknown> {
  const s = d.shopper;
  const customerId = s?.identities.find((i) => i.channel === 'shop')?.externalId;
  return {
    handoff: handoffView(d.handoff, now),
    canReply: d.canReply,
    shopper: s
      ? {
          id: maskShopperId(s.id),
          displayName: s.displayName ?? null,
          customerId: customerId ? maskShopperId(customerId) : null,
          isNew: s.isNew,
          orderCount: s.orders?.count ?? 0,
          tags: s.tags,
          channels: [...new Set(s.identities.map((i) => i.channel))].filter((c) => c !== 'shop'),
          firstSeenAt: s.createdAt,
        }
      : null,
    orders: d.orders.map((o) => ({
      id: o.id,
      status: o.status,
      total: o.total,
      createdAt: o.createdAt,
      items: o.items.map((i) => ({ title: i.title, quantity: i.quantity })),
    })),
    transcript: d.transcript.map((m) => {
      const operator = typeof m.payload?.operator === 'string' ? m.payload.operator : null;
      return {
        id: m.id,
        from: m.direction === 'in' ? 'shopper' : operator ? 'operator' : 'bot',
        operator,
        kind: m.kind,
        text: m.text ?? null,
        payload: m.direction === 'out' ? (m.payload ?? null) : null,
        event: m.direction === 'in' && m.kind === 'event' ? eventName(m.payload) : null,
        intent: m.intent ?? null,
        score: m.score ?? null,
        flow: m.flowId ?? null,
        at: m.createdAt,
      };
    }),
  };
}

/** The name of a shopper-side event (a page opened, a cart change) from the logged inbound payload. */
function eventName(payload: Record<string, unknown> | undefined): string | null {
  const event = payload?.event as { type?: unknown } | undefined;
  return typeof event?.type === 'string' ? event.type : null;
}
