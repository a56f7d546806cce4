import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One scheduled proactive outreach and what became of it (table `kefu_outreach_log`):
 * scheduled → suppressed (reason) | sent | failed → converted (order paid within the attribution window).
 * One row per idempotency key (one scheduled instance of a trigger for a subject, or one campaign user).
 */
@Entity({ name: 'kefu_outreach_log' })
@Index('uq_kefu_outreach_key', ['key'], { unique: true })
@Index('idx_kefu_outreach_user_status_sent', ['userId', 'status', 'sentAt'])
@Index('idx_kefu_outreach_scheduled', ['scheduledAt', 'triggerId'])
export class OutreachLogEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Idempotency key `<jobId>@<createdAt>`. */
  @Column({ name: 'idem_key', type: 'varchar', length: 255 })
  key: string;

  @Column({ name: 'job_id', type: 'varchar', length: 255 })
  jobId: string;

  @Column({ name: 'trigger_id', type: 'varchar', length: 100 })
  triggerId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** `marketing` or `service`. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** `scheduled`, `suppressed`, `sent`, `failed` or `converted`. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** Why it was suppressed or failed (`cap_day`, `window_closed`, …). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  channel: string | null;

  @Column({ name: 'order_id', type: 'varchar', length: 100, nullable: true })
  orderId: string | null;

  @Column({ name: 'scheduled_at', type: Date, precision: 3, nullable: true })
  scheduledAt: Date | null;

  @Column({ name: 'due_at', type: Date, precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ name: 'sent_at', type: Date, precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ name: 'converted_at', type: Date, precision: 3, nullable: true })
  convertedAt: Date | null;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
