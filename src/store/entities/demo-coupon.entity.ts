import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One coupon the demo shop issued (table `kefu_demo_coupon`). `seq` numbers every coupon of the shop in one
 * sequence and makes its code: the primary key keeps numbers unique across restarts and processes, and the
 * unique (user, template) index keeps issuing idempotent when two processes race.
 */
@Entity({ name: 'kefu_demo_coupon' })
@Index('uq_kefu_demo_coupon_code', ['code'], { unique: true })
@Index('uq_kefu_demo_coupon_user_template', ['userId', 'templateId'], { unique: true })
export class DemoCouponEntity {
  /** 1, 2, … across the shop. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ name: 'template_id', type: 'varchar', length: 64 })
  templateId: string;

  /** The coupon (Coupon), as JSON. */
  @Column({ type: 'simple-json' })
  data: object;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;
}
