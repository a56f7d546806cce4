import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One of a shopper's orders as far as the customer lifecycle needs it (table `kefu_customer_order`): ids and
 * times only, no items, amounts or addresses. Filled from order events and the merchant API; the shopper's
 * order summary on `kefu_users` is counted from these rows, so the same order seen twice counts once.
 */
@Entity({ name: 'kefu_customer_order' })
@Index('idx_kefu_customer_order_user', ['userId'])
export class CustomerOrderEntity {
  /** The shop's order id. */
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 191 })
  orderId: string;

  /** kefu user id of the buyer. */
  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ name: 'ordered_at', type: Date, precision: 3, nullable: true })
  orderedAt: Date | null;

  /** Set once the order is paid (or later found shipped/delivered): only paid orders count. */
  @Column({ name: 'paid_at', type: Date, precision: 3, nullable: true })
  paidAt: Date | null;

  @Column({ name: 'delivered_at', type: Date, precision: 3, nullable: true })
  deliveredAt: Date | null;

  /** A cancelled order does not count. */
  @Column({ name: 'cancelled_at', type: Date, precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;
}
