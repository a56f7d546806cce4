import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ConversationRef } from '../../core/message';
import type { HandoffCloser, HandoffStatus } from '../../desk/handoff-types';

/**
 * One handoff of a conversation to kefu's console (table `kefu_handoff`, 转人工记录): waiting for an operator, taken by
 * one, closed. A conversation has at most one open (not closed) handoff; the unique index on (conversation, handed
 * off at) makes recording the same handoff turn twice a no-op.
 */
@Entity({ name: 'kefu_handoff' })
@Index('uq_kefu_handoff_turn', ['conversation', 'handedOffAt'], { unique: true })
@Index('idx_kefu_handoff_status', ['status', 'handedOffAt'])
@Index('idx_kefu_handoff_conversation', ['conversation', 'status'])
export class HandoffEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The conversation key (`web:-:c-…`). */
  @Column({ type: 'varchar', length: 400 })
  conversation: string;

  /** The door (channel adapter name). */
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** Where replies go. */
  @Column({ type: 'simple-json' })
  ref: ConversationRef;

  /** Why the bot handed over (顾客要求人工服务, 多次未理解, …). */
  @Column({ type: 'varchar', length: 255 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: HandoffStatus;

  /** The console user who has it (name), once taken. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  operator: string | null;

  @Column({ name: 'handed_off_at', type: Date, precision: 3 })
  handedOffAt: Date;

  @Column({ name: 'taken_at', type: Date, precision: 3, nullable: true })
  takenAt: Date | null;

  /** The first operator reply (the human's first response time). */
  @Column({ name: 'first_reply_at', type: Date, precision: 3, nullable: true })
  firstReplyAt: Date | null;

  /** The shopper's last message since the handoff, masked as the conversation log stores it. */
  @Column({ name: 'last_text', type: 'text', nullable: true })
  lastText: string | null;

  @Column({ name: 'last_shopper_at', type: Date, precision: 3, nullable: true })
  lastShopperAt: Date | null;

  @Column({ name: 'closed_at', type: Date, precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'varchar', length: 16, nullable: true })
  closedBy: HandoffCloser | null;
}
