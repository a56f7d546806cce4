import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_demo_order` and `kefu_demo_coupon` (see DemoOrderEntity, DemoCouponEntity): the demo shop's changing data. */
export class DemoShop1760000000600 implements MigrationInterface {
  name = 'DemoShop1760000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_demo_order',
        columns: [c.varchar('id', 64, { isPrimary: true }), c.varchar('user_id', 191), c.text('data'), c.timestamp('updated_at')],
        indices: [new TableIndex({ name: 'idx_kefu_demo_order_user', columnNames: ['user_id'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_demo_coupon',
        columns: [
          c.int('seq', { isPrimary: true }),
          c.varchar('code', 64),
          c.varchar('user_id', 191),
          c.varchar('template_id', 64),
          c.text('data'),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_demo_coupon_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'uq_kefu_demo_coupon_user_template', columnNames: ['user_id', 'template_id'], isUnique: true }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_demo_coupon', true);
    await queryRunner.dropTable('kefu_demo_order', true);
  }
}
