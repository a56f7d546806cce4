import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_chat_touch` and `kefu_order_attribution` (see ChatTouchEntity, OrderAttributionEntity). */
export class Attribution1760000000930 implements MigrationInterface {
  name = 'Attribution1760000000930';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_chat_touch',
        columns: [
          c.serial('id'),
          c.varchar('conversation_id', 255),
          c.varchar('user_id', 191),
          c.varchar('channel', 64),
          c.varchar('kind', 16),
          c.varchar('ref', 100),
          c.timestamp('at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_chat_touch', columnNames: ['conversation_id', 'kind', 'ref', 'at'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_chat_touch_user_at', columnNames: ['user_id', 'at'] }),
          new TableIndex({ name: 'idx_kefu_chat_touch_at', columnNames: ['at'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_order_attribution',
        columns: [
          c.serial('id'),
          c.varchar('order_id', 100),
          c.varchar('user_id', 191),
          c.double('amount'),
          c.varchar('credit', 16),
          c.varchar('channel', 64, { isNullable: true }),
          c.varchar('conversation_id', 255, { isNullable: true }),
          c.varchar('chat', 16, { isNullable: true }),
          c.varchar('touch_ref', 100, { isNullable: true }),
          c.timestamp('touch_at', { isNullable: true }),
          c.varchar('outreach_key', 255, { isNullable: true }),
          c.timestamp('paid_at'),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_order_attribution_order', columnNames: ['order_id'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_order_attribution_paid', columnNames: ['paid_at'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_order_attribution', true);
    await queryRunner.dropTable('kefu_chat_touch', true);
  }
}
