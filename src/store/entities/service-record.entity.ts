import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One request the bot took down for the shop's staff (table `kefu_service_record`): an invoice request (发票,
 * reference `FP<yyyymmdd>-<seq>`), a complaint (投诉, `TS<yyyymmdd>-<seq>`) or a return request (退货, `TH…`). The sequence counts per kind and
 * shop-local day; the unique index on (kind, day, seq) keeps references unique across processes.
 */
@Entity({ name: 'kefu_service_record' })
@Index('uq_kefu_service_record_seq', ['kind', 'day', 'seq'], { unique: true })
@Index('idx_kefu_service_record_user', ['userId'])
@Index('idx_kefu_service_record_status', ['status', 'createdAt'])
export class ServiceRecordEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** `invoice`, `complaint` or `return`. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** Shop-local day `yyyymmdd` the record was taken. */
  @Column({ type: 'varchar', length: 8 })
  day: string;

  /** 1, 2, … within (kind, day). */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** `open` until staff mark it `done`. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** What the shopper gave (order id, invoice title, tax id, complaint text), as JSON. */
  @Column({ type: 'simple-json' })
  data: Record<string, string>;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
