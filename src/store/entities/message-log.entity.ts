import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ConversationEntity } from './conversation.entity';

/** `in`: from the shopper or platform; `out`: sent by kefu. */
export type MessageDirection = 'in' | 'out';

/**
 * One message in or out (table `kefu_messages`). The text (and a reply's text in `payload`) is stored
 * with personal data masked — phones, 身份证 and card numbers, e-mail and postal addresses — and order
 * ids kept (src/store/transcript-masking.ts).
 */
@Entity({ name: 'kefu_messages' })
@Index('idx_kefu_messages_conversation_created', ['conversationId', 'createdAt'])
export class MessageLogEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'conversation_id', type: 'varchar', length: 255 })
  conversationId: string;

  @ManyToOne('ConversationEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'fk_kefu_message_conversation' })
  conversation?: ConversationEntity;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 8 })
  direction: MessageDirection;

  /** Inbound kind (`text`, `event`, …) or outbound type (`text`, `product_card`, …). */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  /** The full outbound message, or inbound extras (postback, event, image URL). */
  @Column({ type: 'simple-json', nullable: true })
  payload: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  intent: string | null;

  @Column({ type: 'double precision', nullable: true })
  score: number | null;

  @Column({ name: 'flow_id', type: 'varchar', length: 64, nullable: true })
  flowId: string | null;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;
}
