import type { EntityManager } from 'typeorm';
import type { SessionFilter } from './session-aggregates';

/** A half-open time range `[from, to)`. */
export interface TimeRange {
  from: Date;
  to: Date;
}

/**
 * The SQL condition of a KPI filter on one table: its time column in `[from, to)` (or, when the filter has
 * `ranges`, in any of them — the parts of the period not read from the daily roll-ups), and its channel column
 * equal to the filter's channel. Returns the condition with `:named` parameters and their values.
 *
 * @example
 * periodWhere('s.started_at', 's.channel', { from, to, channel: 'web' });
 * // { sql: 's.started_at >= :from AND s.started_at < :to AND s.channel = :channel', params: { … } }
 */
export function periodWhere(
  timeColumn: string,
  channelColumn: string,
  filter: SessionFilter,
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  let time: string;
  if (filter.ranges === undefined) {
    time = `${timeColumn} >= :from AND ${timeColumn} < :to`;
    params.from = filter.from;
    params.to = filter.to;
  } else if (filter.ranges.length === 0) {
    time = '1 = 0';
  } else {
    time = `(${filter.ranges
      .map((r, i) => {
        params[`from${i}`] = r.from;
        params[`to${i}`] = r.to;
        return `(${timeColumn} >= :from${i} AND ${timeColumn} < :to${i})`;
      })
      .join(' OR ')})`;
  }
  if (filter.channel !== undefined) params.channel = filter.channel;
  return { sql: filter.channel === undefined ? time : `${time} AND ${channelColumn} = :channel`, params };
}

/**
 * Runs `template` with every `%WHERE%` replaced by {@link periodWhere} (plus `extra` parameters), escaped for the
 * data source's driver.
 */
export async function queryPeriod<R>(
  em: EntityManager,
  template: string,
  columns: { time: string; channel: string },
  filter: SessionFilter,
  extra: Record<string, unknown> = {},
): Promise<R[]> {
  const where = periodWhere(columns.time, columns.channel, filter);
  const [sql, values] = em.connection.driver.escapeQueryWithParameters(
    template.replaceAll('%WHERE%', where.sql),
    { ...where.params, ...extra },
    {},
  );
  return (await em.query(sql, values)) as R[];
}
