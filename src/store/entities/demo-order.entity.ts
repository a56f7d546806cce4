import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One order of the demo shop (`KEFU_COMMERCE=demo`, table `kefu_demo_order`): the demo orders seeded for a
 * shopper and fixture orders a shopper changed, so a cancel or a new address survives a restart.
 */
@Entity({ name: 'kefu_demo_order' })
@Index('idx_kefu_demo_order_user', ['userId'])
export class DemoOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** The whole order with its logistics track (DemoOrder), as JSON. */
  @Column({ type: 'simple-json' })
  data: object;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
