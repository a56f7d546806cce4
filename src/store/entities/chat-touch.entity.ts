import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A product card shown or a coupon card issued in a conversation (table `kefu_chat_touch`): what a paid order
 * can be credited to (docs/attribution.md). The unique index keeps a re-run turn's touch once.
 */
@Entity({ name: 'kefu_chat_touch' })
@Index('uq_kefu_chat_touch', ['conversationId', 'kind', 'ref', 'at'], { unique: true })
@Index('idx_kefu_chat_touch_user_at', ['userId', 'at'])
@Index('idx_kefu_chat_touch_at', ['at'])
export class ChatTouchEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The conversation key. */
  @Column({ name: 'conversation_id', type: 'varchar', length: 255 })
  conversationId: string;

  /** kefu user id of the shopper at the time. */
  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /** `product` or `coupon`. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** Product id or coupon code. */
  @Column({ type: 'varchar', length: 100 })
  ref: string;

  @Column({ type: Date, precision: 3 })
  at: Date;
}
