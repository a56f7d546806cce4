import type { EntityManager } from 'typeorm';
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

/**
 * The outreach funnel per trigger (scheduled → suppressed by reason → sent → converted) of the outreach scheduled
 * in `[from, to)`, grouped in the database (`kefu_outreach_log`, index on scheduled_at). With a channel, only rows
 * that reached a channel decision on it (sent, failed or suppressed there).
 *
 * @example
 * const funnels = await outreachFunnels(dataSource.manager, { from, to });
 * // [{ trigger: 'cart_abandoned', scheduled: 120, suppressed: 30, suppressedBy: { quiet_hours: 30 }, sent: 88, converted: 9, … }]
 */
export async function outreachFunnels(em: EntityManager, filter: SessionFilter): Promise<OutreachFunnel[]> {
  const where = `o.scheduled_at >= :from AND o.scheduled_at < :to${filter.channel === undefined ? '' : ' AND o.channel = :channel'}`;
  const template = `SELECT o.trigger_id AS trigger_id, o.status AS status, o.reason AS reason, COUNT(*) AS n
    FROM kefu_outreach_log o WHERE ${where} GROUP BY o.trigger_id, o.status, o.reason ORDER BY o.trigger_id`;
  const params: Record<string, unknown> = { from: filter.from, to: filter.to };
  if (filter.channel !== undefined) params.channel = filter.channel;
  const [sql, values] = em.connection.driver.escapeQueryWithParameters(template, params, {});
  const rows = (await em.query(sql, values)) as { trigger_id: string; status: string; reason: string | null; n: string | number }[];
  const funnels = new Map<string, OutreachFunnel>();
  for (const row of rows) {
    let f = funnels.get(row.trigger_id);
    if (!f) {
      f = {
        trigger: row.trigger_id,
        scheduled: 0,
        pending: 0,
        suppressed: 0,
        suppressedBy: {},
        failed: 0,
        sent: 0,
        converted: 0,
        conversionRate: null,
      };
      funnels.set(row.trigger_id, f);
    }
    add(f, row.status, row.reason, Number(row.n));
  }
  for (const f of funnels.values()) f.conversionRate = f.sent === 0 ? null : Math.round((f.converted / f.sent) * 10_000) / 10_000;
  return [...funnels.values()];
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
