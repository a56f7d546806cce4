import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * First response times of one shop-local day on one channel as a histogram (table `kefu_kpi_response_day`): `n`
 * answered sessions in log-spaced bucket `bucket` (src/kpis/response-buckets.ts). Merged across days by summing.
 */
@Entity({ name: 'kefu_kpi_response_day' })
export class KpiResponseDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @PrimaryColumn({ type: 'integer' })
  bucket: number;

  @Column({ type: 'integer' })
  n: number;
}
