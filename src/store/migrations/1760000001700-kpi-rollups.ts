import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

const COUNTS = [
  'sessions',
  'answered',
  'handed_off',
  'tickets',
  'escalated',
  'bot_resolved',
  'fcr',
  'converted',
  'labelled',
  'o_resolved',
  'o_escalated',
  'o_abandoned',
  'o_unresolved',
  'csat_responses',
  'csat_satisfied',
  'nps_responses',
  'promoters',
  'detractors',
];

/**
 * Daily pre-aggregation of the service KPIs (docs/kpis.md, "Pre-aggregation"): `kefu_kpi_day` (which days are
 * rolled up, in which time zone, settled or not), `kefu_kpi_session_day` (session and survey counts per day and
 * channel), `kefu_kpi_response_day` (first-response histograms per day and channel) and `kefu_kpi_outreach_day`
 * (outreach counts per day, channel, trigger, status and reason). Filled by the roll-up job; empty tables only
 * make reports read the raw rows as before.
 */
export class KpiRollups1760000001700 implements MigrationInterface {
  name = 'KpiRollups1760000001700';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const key = (name: string, length: number) => c.varchar(name, length, { isPrimary: true });
    await queryRunner.createTable(
      new Table({
        name: 'kefu_kpi_day',
        columns: [key('day', 8), c.varchar('time_zone', 64), c.timestamp('rolled_at'), c.int('settled', { default: 0 })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({ name: 'kefu_kpi_session_day', columns: [key('day', 8), key('channel', 64), ...COUNTS.map((n) => c.int(n))] }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_kpi_response_day',
        columns: [key('day', 8), key('channel', 64), c.int('bucket', { isPrimary: true }), c.int('n')],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_kpi_outreach_day',
        columns: [key('day', 8), key('channel', 64), key('trigger_id', 100), key('status', 16), key('reason', 100), c.int('n')],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['kefu_kpi_outreach_day', 'kefu_kpi_response_day', 'kefu_kpi_session_day', 'kefu_kpi_day']) {
      await queryRunner.dropTable(table, true);
    }
  }
}
