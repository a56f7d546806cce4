import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One shop-local day whose service KPIs are rolled up (table `kefu_kpi_day`, docs/kpis.md "Pre-aggregation"): the
 * report reads the day's `kefu_kpi_*_day` rows instead of its sessions and outreach rows while `time_zone` is the
 * shop's. `settled` is 1 once nothing of the day could still change when it was rolled; unsettled days are rolled
 * again on every run of the roll-up job.
 */
@Entity({ name: 'kefu_kpi_day' })
export class KpiDayEntity {
  /** Shop-local `yyyymmdd`. */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  /** The time zone the day was cut in (KEFU_TIMEZONE). */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /** When the roll-up read the day's rows. */
  @Column({ name: 'rolled_at', type: Date, precision: 3 })
  rolledAt: Date;

  /** 1 when no row of the day could change any more at `rolled_at` (it is not rolled again). */
  @Column({ type: 'integer', default: 0 })
  settled: number;
}
