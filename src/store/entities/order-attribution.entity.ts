import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What one paid order is credited to (table `kefu_order_attribution`, one row per order id): outreach, a coupon or
 * product a conversation showed, or `assisted` (docs/attribution.md). Read by the conversion KPIs.
 */
@Entity({ name: 'kefu_order_attribution' })
@Index('uq_kefu_order_attribution_order', ['orderId'], { unique: true })
@Index('idx_kefu_order_attribution_paid', ['paidAt'])
@Index('idx_kefu_order_attribution_touch', ['conversationId', 'touchAt'])
export class OrderAttributionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  /** What the shopper paid, in yuan. */
  @Column({ type: 'double precision' })
  amount: number;

  /** `outreach`, `coupon`, `product` or `assisted`. */
  @Column({ type: 'varchar', length: 16 })
  credit: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  channel: string | null;

  /** The conversation key the chat part belongs to. */
  @Column({ name: 'conversation_id', type: 'varchar', length: 255, nullable: true })
  conversationId: string | null;

  /** What the chat did: `product`, `coupon`, `assisted`, or null. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  chat: string | null;

  /** Product id or coupon code that matched. */
  @Column({ name: 'touch_ref', type: 'varchar', length: 100, nullable: true })
  touchRef: string | null;

  @Column({ name: 'touch_at', type: Date, precision: 3, nullable: true })
  touchAt: Date | null;

  /** The outreach log key (`kefu_outreach_log.idem_key`) credited with the order. */
  @Column({ name: 'outreach_key', type: 'varchar', length: 255, nullable: true })
  outreachKey: string | null;

  @Column({ name: 'paid_at', type: Date, precision: 3 })
  paidAt: Date;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;
}
