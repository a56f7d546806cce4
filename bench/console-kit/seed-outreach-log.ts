import type { DataSource } from 'typeorm';
import { OrderAttributionEntity, OutreachLogEntity } from '../../src/store/entities';
import { bulkInsert } from './bulk-insert';
import type { SeededRandom } from './random';
import { DAY, HOUR, MINUTE, type SeedPeriod } from './seed-period';

/** A trigger of the seeded outreach: its share of rows, delay to due time, kind and conversion rate of sent rows. */
interface TriggerShape {
  id: string;
  weight: number;
  delayMs: number;
  kind: 'marketing' | 'service';
  conversion: number;
}

/** Ten triggers: the shipped flows' proactive blocks, two campaigns and three more a shop would write. */
export const TRIGGERS: readonly TriggerShape[] = [
  { id: 'cart_abandoned', weight: 22, delayMs: 30 * MINUTE, kind: 'marketing', conversion: 0.08 },
  { id: 'unpaid_order', weight: 15, delayMs: HOUR, kind: 'service', conversion: 0.22 },
  { id: 'delivery_followup', weight: 14, delayMs: 3 * DAY, kind: 'service', conversion: 0.01 },
  { id: 'repurchase_cycle', weight: 10, delayMs: 30 * DAY, kind: 'marketing', conversion: 0.04 },
  { id: 'coupon_expiring', weight: 10, delayMs: 2 * DAY, kind: 'marketing', conversion: 0.06 },
  { id: 'review_request', weight: 8, delayMs: 5 * DAY, kind: 'service', conversion: 0.005 },
  { id: 'live_followup', weight: 6, delayMs: 2 * HOUR, kind: 'marketing', conversion: 0.05 },
  { id: 'campaign_double12', weight: 6, delayMs: 0, kind: 'marketing', conversion: 0.03 },
  { id: 'nps_after_delivery', weight: 5, delayMs: 7 * DAY, kind: 'service', conversion: 0 },
  { id: 'campaign_new_arrivals', weight: 4, delayMs: 0, kind: 'marketing', conversion: 0.02 },
];

/** Why the policy held a row back (the reasons src/outreach/policy and the send processor write), with weights. */
const SUPPRESSIONS: readonly (readonly [string, number])[] = [
  ['quiet_hours', 28],
  ['cap_day', 24],
  ['cap_week', 10],
  ['window_closed', 14],
  ['opted_out', 8],
  ['no_channel', 5],
  ['cancelled', 6],
  ['handoff', 2],
  ['window_quota', 2],
  ['platform_no_consent', 1],
];

/** Where decided outreach went. */
const OUTREACH_CHANNELS: readonly (readonly [string, number])[] = [
  ['wechat-official', 45],
  ['wecom-kf', 30],
  ['web', 15],
  ['wechaty', 10],
];

/** Row counts written by {@link seedOutreachLog}. */
export interface OutreachSeedCounts {
  outreach: number;
  pending: number;
  suppressed: number;
  converted: number;
  /** Attribution rows crediting outreach (one per converted row). */
  attributions: number;
}

/**
 * Seeds `rows` outreach log rows scheduled over the period on ten triggers, each with its latest status as the
 * outreach workers leave it: still pending when its due time is after the period's end, else suppressed (by reason),
 * failed, sent or converted (with the order credited to it in `kefu_order_attribution`).
 */
export async function seedOutreachLog(
  ds: DataSource,
  o: { rows: number; users: number; period: SeedPeriod; random: SeededRandom },
): Promise<OutreachSeedCounts> {
  const { random, period } = o;
  const weights = TRIGGERS.map((t) => [t, t.weight] as const);
  const names = [
    'key',
    'jobId',
    'triggerId',
    'userId',
    'kind',
    'status',
    'reason',
    'channel',
    'orderId',
    'scheduledAt',
    'dueAt',
    'sentAt',
    'convertedAt',
    'updatedAt',
  ];
  const log: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, []]));
  const attrs: Record<string, unknown[]> = Object.fromEntries(
    ['orderId', 'userId', 'amount', 'credit', 'channel', 'outreachKey', 'paidAt', 'createdAt'].map((n) => [n, []]),
  );
  let pending = 0;
  let suppressed = 0;
  for (let i = 0; i < o.rows; i++) {
    const trigger = random.pick(weights);
    const userId = `u-${random.int(o.users).toString().padStart(7, '0')}`;
    const scheduledAt = period.moment(random);
    const dueAt = scheduledAt + trigger.delayMs;
    const jobId = `${trigger.id}.${userId}.${i}`;
    const key = `${jobId}@${scheduledAt}`;
    let status: string;
    let reason: string | null = null;
    let channel: string | null = null;
    let sentAt: number | null = null;
    let convertedAt: number | null = null;
    let orderId: string | null = null;
    if (dueAt > period.end) {
      status = 'scheduled';
      pending += 1;
    } else if (random.chance(0.22)) {
      status = 'suppressed';
      reason = random.pick(SUPPRESSIONS);
      channel = reason === 'no_channel' || reason === 'opted_out' ? null : random.pick(OUTREACH_CHANNELS);
      suppressed += 1;
    } else if (random.chance(0.02)) {
      status = 'failed';
      reason = 'send_error';
      channel = random.pick(OUTREACH_CHANNELS);
    } else {
      channel = random.pick(OUTREACH_CHANNELS);
      sentAt = dueAt + 500 + random.int(5000);
      status = 'sent';
      const paidAt = sentAt + Math.round(random.logNormal(5 * HOUR, 1));
      if (random.chance(trigger.conversion) && paidAt < period.end) {
        status = 'converted';
        convertedAt = paidAt;
        orderId = `OO${i}`;
        const amount = Math.round(random.logNormal(159, 0.6) * 100) / 100;
        push(attrs, {
          orderId,
          userId,
          amount,
          credit: 'outreach',
          channel,
          outreachKey: key,
          paidAt: new Date(paidAt),
          createdAt: new Date(paidAt + 2000),
        });
      }
    }
    const updatedAt = convertedAt ?? sentAt ?? (status === 'scheduled' ? scheduledAt : dueAt);
    push(log, {
      key,
      jobId,
      triggerId: trigger.id,
      userId,
      kind: trigger.kind,
      status,
      reason,
      channel,
      orderId,
      scheduledAt: new Date(scheduledAt),
      dueAt: new Date(dueAt),
      sentAt: date(sentAt),
      convertedAt: date(convertedAt),
      updatedAt: new Date(updatedAt),
    });
  }
  await bulkInsert(ds, OutreachLogEntity, log);
  await bulkInsert(ds, OrderAttributionEntity, attrs);
  return { outreach: o.rows, pending, suppressed, converted: attrs.orderId!.length, attributions: attrs.orderId!.length };
}

function push(target: Record<string, unknown[]>, row: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(row)) target[k]!.push(v);
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
