import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One shopper's first sight of an A/B experiment's variant (table `kefu_experiment_exposure`, docs/studio.md 实验):
 * one row per experiment and shopper, written once, read by the experiment results.
 */
@Entity({ name: 'kefu_experiment_exposure' })
@Index('idx_kefu_experiment_exposure_variant', ['experimentId', 'variant'])
export class ExperimentExposureEntity {
  @PrimaryColumn({ name: 'experiment_id', type: 'varchar', length: 64 })
  experimentId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  variant: string;

  /** The variant's declared share of shoppers when it was seen (weight / total), for the sample-ratio check. */
  @Column({ type: 'double precision' })
  share: number;

  @Column({ name: 'flow_id', type: 'varchar', length: 64 })
  flowId: string;

  @Column({ type: 'varchar', length: 64 })
  channel: string;

  @Column({ name: 'exposed_at', type: Date, precision: 3 })
  exposedAt: Date;
}
