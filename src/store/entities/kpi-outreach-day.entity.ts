import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Outreach scheduled on one shop-local day, counted by the channel that decided it, trigger, latest status and
 * reason (table `kefu_kpi_outreach_day`): the funnel of a period sums these rows. `channel` and `reason` are `''`
 * where the log row has none.
 */
@Entity({ name: 'kefu_kpi_outreach_day' })
export class KpiOutreachDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @PrimaryColumn({ name: 'trigger_id', type: 'varchar', length: 100 })
  triggerId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  status: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  reason: string;

  @Column({ type: 'integer' })
  n: number;
}
