import type { DataSource } from 'typeorm';
import { KpiRollup, type RollupRun } from '../../src/kpis/kpi-rollup';
import {
  ConversationEntity,
  KpiDayEntity,
  KpiOutreachDayEntity,
  KpiResponseDayEntity,
  KpiSessionDayEntity,
  MessageLogEntity,
  OrderAttributionEntity,
  OutreachLogEntity,
  ServiceSessionEntity,
  SurveyResponseEntity,
  TicketEntity,
} from '../../src/store/entities';
import { SeededRandom } from './random';
import { seedOutreachLog, type OutreachSeedCounts } from './seed-outreach-log';
import { SeedPeriod } from './seed-period';
import { seedServiceData, type ServiceSeedCounts } from './seed-service-data';

const SEEDED = [
  ConversationEntity,
  MessageLogEntity,
  ServiceSessionEntity,
  TicketEntity,
  OrderAttributionEntity,
  SurveyResponseEntity,
  OutreachLogEntity,
];

/** What to seed for `bench:console`. */
export interface KpiSeedOptions {
  /** Conversations (each with 1–3 service sessions). */
  conversations: number;
  /** Outreach log rows. */
  outreach: number;
  /** Shop-local days the data covers, ending with the day of `end`. @defaultValue 90 */
  days?: number;
  /** The latest moment of the data (epoch ms). @defaultValue now */
  end?: number;
  /** @defaultValue 14 */
  seed?: number;
  /** @defaultValue 'Asia/Shanghai' (the seeded hours assume UTC+8) */
  timeZone?: string;
}

/** Rows written, per kind, and how long it took. */
export interface KpiSeedResult extends ServiceSeedCounts, Omit<OutreachSeedCounts, 'attributions'> {
  /** Attribution rows of chat cards and of outreach together. */
  attributions: number;
  /** Sessions given a conversation-quality outcome (ended before `end`, as the labelling sweep leaves them). */
  labelled: number;
  /** The daily roll-up of the seeded closed days (docs/kpis.md, "Pre-aggregation"), timed. */
  rollup: Omit<RollupRun, 'days'> & { days: number };
  /** First seeded shop-local midnight and the end, epoch ms. */
  start: number;
  end: number;
  ms: number;
}

/**
 * Seeds the tables the service KPIs read (PostgreSQL; the schema must be migrated already): conversations with
 * their service sessions, message log, handoffs, tickets, chat-credited orders and survey answers over `days` days
 * on four doors, and the outreach log of ten triggers with real statuses and suppression reasons. Deterministic for
 * a seed; multi-row `INSERT … SELECT FROM unnest(…)` so 100k conversations and 1M outreach rows take about a minute.
 *
 * @example
 * const ds = await createDataSource(url, { schema });
 * const seeded = await seedKpiData(ds, { conversations: 100_000, outreach: 1_000_000 });
 * seeded.sessions; // ≈ 125,000
 */
export async function seedKpiData(ds: DataSource, options: KpiSeedOptions): Promise<KpiSeedResult> {
  const started = Date.now();
  const period = new SeedPeriod(options.end ?? Date.now(), options.days ?? 90);
  const random = new SeededRandom(options.seed ?? 14);
  const service = await seedServiceData(ds, {
    conversations: options.conversations,
    period,
    random,
    timeZone: options.timeZone ?? 'Asia/Shanghai',
  });
  const users = Math.max(1_000, Math.round(options.outreach / 4));
  const outreach = await seedOutreachLog(ds, { rows: options.outreach, users, period, random });
  const labelled = await labelEnded(ds, period.end);
  await analyze(ds, SEEDED);
  // what the roll-up job of a running kefu does: roll every closed day up (timed: this is its first, full run)
  const rolled = await new KpiRollup(ds, { timeZone: options.timeZone ?? 'Asia/Shanghai' }).run();
  await analyze(ds, [KpiDayEntity, KpiSessionDayEntity, KpiResponseDayEntity, KpiOutreachDayEntity]);
  return {
    ...service,
    outreach: outreach.outreach,
    pending: outreach.pending,
    suppressed: outreach.suppressed,
    converted: outreach.converted,
    attributions: service.attributions + outreach.attributions,
    labelled,
    rollup: { days: rolled.days.length, settled: rolled.settled, ms: rolled.ms },
    start: period.start,
    end: period.end,
    ms: Date.now() - started,
  };
}

/** Fresh statistics, as autovacuum would leave them. */
async function analyze(ds: DataSource, entities: (new () => object)[]): Promise<void> {
  for (const entity of entities) {
    const meta = ds.getMetadata(entity);
    await ds.query(`ANALYZE ${meta.schema ? `"${meta.schema}".` : ''}"${meta.tableName}"`);
  }
}

/**
 * Gives the sessions that ended (30 minutes quiet before `end`) an outcome, as the labelling sweep of a running kefu
 * would have: escalated when handed off, unresolved when unanswered, else resolved (every fifth abandoned).
 */
async function labelEnded(ds: DataSource, end: number): Promise<number> {
  const table = ds.getMetadata(ServiceSessionEntity);
  const name = `${table.schema ? `"${table.schema}".` : ''}"${table.tableName}"`;
  const [, count] = (await ds.query(
    `UPDATE ${name} SET outcome = CASE WHEN handed_off = 1 THEN 'escalated' WHEN first_response_ms IS NULL THEN 'unresolved'
      WHEN id % 5 = 0 THEN 'abandoned' ELSE 'resolved' END WHERE last_at < $1`,
    [new Date(end - 30 * 60_000)],
  )) as [unknown, number];
  return count;
}
