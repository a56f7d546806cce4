import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message a shopper left for staff when no human could answer (table `kefu_ticket`, 工单/留言), numbered
 * `GD<yyyymmdd>-<seq>` per shop-local day; the unique index on (day, seq) keeps numbers unique across processes.
 */
@Entity({ name: 'kefu_ticket' })
@Index('uq_kefu_ticket_seq', ['day', 'seq'], { unique: true })
@Index('idx_kefu_ticket_user', ['userId'])
@Index('idx_kefu_ticket_status', ['status', 'dueBy'])
@Index('idx_kefu_ticket_conversation', ['conversation', 'createdAt'])
export class TicketEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Shop-local day `yyyymmdd` the message was left. */
  @Column({ type: 'varchar', length: 8 })
  day: string;

  /** 1, 2, … within the day. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** The door (channel adapter name). */
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /** The conversation key (`web:-:c-…`). */
  @Column({ type: 'varchar', length: 400 })
  conversation: string;

  /** The shopper's message for staff, as written. */
  @Column({ type: 'text' })
  text: string;

  /** `open` until staff mark it `done`. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;

  /** When staff should have answered. */
  @Column({ name: 'due_by', type: Date, precision: 3, nullable: true })
  dueBy: Date | null;
}
