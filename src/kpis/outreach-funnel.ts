import type { EntityManager } from 'typeorm';
import { queryPeriod } from './period-where';
import type { SessionFilter } from './session-aggregates';

/** What became of one trigger's outreach scheduled in a period (a row's latest status counts). */
export interface OutreachFunnel {
  trigger: string;
  /** Every outreach scheduled in the period. */
  scheduled: number;
  /** Still waiting for its due time (or its send). */
  pending: number;
  /** Held back by policy, in total and by reason (`cap_day`, `quiet_hours`, `opted_out`, …). */
  suppressed: number;
  suppressedBy: Record<string, number>;
  failed: number;
  /** Reached the shopper (sent, converted included). */
  sent: number;
  /** Followed by a paid order within the attribution window. */
  converted: number;
  /** converted / sent (4 decimals); null when nothing was sent. */
  conversionRate: number | null;
}

/** Outreach rows counted by trigger, latest status and reason (and channel, for the daily roll-up). */
export interface FunnelRow {
  trigger: string;
  status: string;
  reason: string | null;
  /** The channel that decided the row; null while pending, or when none could (only with `byChannel`). */
  channel?: string | null;
  n: number;
}

/**
 * The outreach funnel per trigger (scheduled → suppressed by reason → sent → converted) of the outreach scheduled
 * in `[from, to)`, grouped in the database (`kefu_outreach_log`, index on scheduled_at). With a channel, only rows
 * that reached a channel decision on it (sent, failed or suppressed there). Triggers in code-point order.
 *
 * @example
 * const funnels = await outreachFunnels(dataSource.manager, { from, to });
 * // [{ trigger: 'cart_abandoned', scheduled: 120, suppressed: 30, suppressedBy: { quiet_hours: 30 }, sent: 88, converted: 9, … }]
 */
export async function outreachFunnels(em: EntityManager, filter: SessionFilter): Promise<OutreachFunnel[]> {
  return foldFunnels(await funnelRows(em, filter));
}

/**
 * The outreach rows of a filter counted by trigger, status and reason (and channel with `byChannel`).
 *
 * @example
 * await funnelRows(dataSource.manager, { from, to }); // [{ trigger: 'cart_abandoned', status: 'sent', reason: null, n: 88 }, …]
 */
export async function funnelRows(em: EntityManager, filter: SessionFilter, byChannel = false): Promise<FunnelRow[]> {
  const channel = byChannel ? ', o.channel' : '';
  const template = `SELECT o.trigger_id AS trigger_id, o.status AS status, o.reason AS reason${byChannel ? ', o.channel AS channel' : ''},
    COUNT(*) AS n FROM kefu_outreach_log o WHERE %WHERE% GROUP BY o.trigger_id, o.status, o.reason${channel}`;
  const rows = await queryPeriod<{
    trigger_id: string;
    status: string;
    reason: string | null;
    channel?: string | null;
    n: string | number;
  }>(em, template, { time: 'o.scheduled_at', channel: 'o.channel' }, filter);
  return rows.map((r) => ({
    trigger: r.trigger_id,
    status: r.status,
    reason: r.reason,
    ...(byChannel ? { channel: r.channel ?? null } : {}),
    n: Number(r.n),
  }));
}

/**
 * Funnels per trigger from counted rows (rows of the same trigger, status and reason may repeat: they add up).
 *
 * @example
 * foldFunnels([{ trigger: 't', status: 'sent', reason: null, n: 2 }])[0]!.sent; // 2
 */
export function foldFunnels(rows: Iterable<FunnelRow>): OutreachFunnel[] {
  const funnels = new Map<string, OutreachFunnel>();
  for (const row of rows) {
    let f = funnels.get(row.trigger);
    if (!f) {
      f = {
        trigger: row.trigger,
        scheduled: 0,
        pending: 0,
        suppressed: 0,
        suppressedBy: {},
        failed: 0,
        sent: 0,
        converted: 0,
        conversionRate: null,
      };
      funnels.set(row.trigger, f);
    }
    add(f, row.status, row.reason, row.n);
  }
  for (const f of funnels.values()) f.conversionRate = f.sent === 0 ? null : Math.round((f.converted / f.sent) * 10_000) / 10_000;
  return [...funnels.values()].sort((a, b) => (a.trigger < b.trigger ? -1 : a.trigger > b.trigger ? 1 : 0));
}

function add(f: OutreachFunnel, status: string, reason: string | null, n: number): void {
  f.scheduled += n;
  if (status === 'scheduled') f.pending += n;
  else if (status === 'failed') f.failed += n;
  else if (status === 'suppressed') {
    f.suppressed += n;
    const key = reason ?? 'unknown';
    f.suppressedBy[key] = (f.suppressedBy[key] ?? 0) + n;
  } else if (status === 'sent' || status === 'converted') {
    f.sent += n;
    if (status === 'converted') f.converted += n;
  }
}
