import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { UserEntity } from './user.entity';

/** One `(channel, externalId)` pair mapped to a user (table `kefu_channel_identities`). */
@Entity({ name: 'kefu_channel_identities' })
@Index('uq_kefu_identity_channel_external', ['channel', 'externalId'], { unique: true })
export class ChannelIdentityEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Adapter name, e.g. `web`, `wecom-kf`. */
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /** The shopper's id on that channel (open id, contact id, browser id). */
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne('UserEntity', (user: UserEntity) => user.identities, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_kefu_identity_user' })
  user?: UserEntity;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;
}
