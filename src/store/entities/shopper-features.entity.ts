import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The latest snapshot of one shopper's behaviour features (table `kefu_shopper_features`, docs/profiles.md): the
 * aggregates kept hot in Redis (`state`, restored by a rebuild after Redis lost them) and the features computed
 * from them at `updated_at` (for reading without Redis, e.g. reports).
 */
@Entity({ name: 'kefu_shopper_features' })
export class ShopperFeaturesEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** JSON of the stored aggregates (RawFeatures: buckets, state, paid orders, coupon orders, channels). */
  @Column({ type: 'text' })
  state: string;

  /** JSON of the features at `updatedAt`. */
  @Column({ type: 'text' })
  features: string;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
