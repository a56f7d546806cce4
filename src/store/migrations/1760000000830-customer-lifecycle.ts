import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/**
 * The customer lifecycle: `kefu_customer_order` (CustomerOrderEntity, the orders kefu knows of) and the order
 * summary on `kefu_users` (order_count, first/last order, first delivery, when the shop was last asked).
 */
export class CustomerLifecycle1760000000830 implements MigrationInterface {
  name = 'CustomerLifecycle1760000000830';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_customer_order',
        columns: [
          c.varchar('order_id', 191, { isPrimary: true }),
          c.varchar('user_id', 191),
          c.timestamp('ordered_at', { isNullable: true }),
          c.timestamp('paid_at', { isNullable: true }),
          c.timestamp('delivered_at', { isNullable: true }),
          c.timestamp('cancelled_at', { isNullable: true }),
          c.timestamp('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_kefu_customer_order_user', columnNames: ['user_id'] })],
      }),
      true,
    );
    await queryRunner.addColumns('kefu_users', [
      new TableColumn(c.int('order_count', { default: 0 })),
      new TableColumn(c.timestamp('first_order_at', { isNullable: true })),
      new TableColumn(c.timestamp('last_order_at', { isNullable: true })),
      new TableColumn(c.timestamp('first_delivered_at', { isNullable: true })),
      new TableColumn(c.timestamp('orders_checked_at', { isNullable: true })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['orders_checked_at', 'first_delivered_at', 'last_order_at', 'first_order_at', 'order_count'])
      await queryRunner.dropColumn('kefu_users', column);
    await queryRunner.dropTable('kefu_customer_order', true);
  }
}
