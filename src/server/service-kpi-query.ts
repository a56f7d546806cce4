import { z } from 'zod';
import { BadInputError } from '../core/errors';
import type { SessionFilter } from '../kpis/session-aggregates';
import { kpiPeriod } from './kpi-period';

const query = z
  .object({
    from: z.string().min(1).max(40).optional(),
    to: z.string().min(1).max(40).optional(),
    channel: z.string().min(1).max(64).optional(),
  })
  .strict();

/**
 * Read the query of a service KPI request (`from`, `to`, `channel`), as the admin and the console routes both take
 * it: the period by {@link kpiPeriod} (dates at midnight in `timeZone`, default the 7 days up to `now`), the channel
 * optional. Anything else is a 400 that says what to pass.
 *
 * @example
 * serviceKpiFilter({ from: '2025-11-01', to: '2025-11-30', channel: 'web' }, 'Asia/Shanghai', Date.now());
 * // { from: 2025-10-31T16:00:00Z, to: 2025-11-30T16:00:00Z, channel: 'web' }
 */
export function serviceKpiFilter(raw: unknown, timeZone: string, now: number): SessionFilter {
  const parsed = query.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadInputError(
      `Invalid query: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}.`,
      'pass only from, to (a date, an ISO time with offset or epoch ms) and channel (an adapter name such as web).',
    );
  }
  const { from, to } = kpiPeriod(parsed.data, timeZone, now);
  return { from, to, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}) };
}
