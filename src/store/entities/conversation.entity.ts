import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConversationRef } from '../../core/message';

/** Whether the bot or a human operator owns a conversation. */
export type ConversationMode = 'bot' | 'handoff';
/** Whether a conversation is still going. */
export type ConversationStatus = 'open' | 'closed';

/** The durable summary of one conversation (table `kefu_conversations`). */
@Entity({ name: 'kefu_conversations' })
@Index('idx_kefu_conversations_updated', ['updatedAt'])
export class ConversationEntity {
  /** The conversation key, see `conversationKey(ref)`. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /** The serialisable ConversationRef, to reach the shopper again. */
  @Column({ type: 'simple-json' })
  ref: ConversationRef;

  @Index('idx_kefu_conversations_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ name: 'active_flow', type: 'varchar', length: 64, nullable: true })
  activeFlow: string | null;

  @Column({ name: 'active_step', type: 'varchar', length: 64, nullable: true })
  activeStep: string | null;

  @Column({ type: 'simple-json' })
  slots: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ConversationStatus;

  @Column({ type: 'varchar', length: 16, default: 'bot' })
  mode: ConversationMode;

  @Column({ type: 'boolean', default: false })
  resolved: boolean;

  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  @Column({ type: 'integer', default: 0 })
  turns: number;

  @Column({ name: 'started_at', type: Date, precision: 3 })
  startedAt: Date;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
