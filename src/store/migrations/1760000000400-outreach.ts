import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_outreach_log` (see OutreachLogEntity). */
export class Outreach1760000000400 implements MigrationInterface {
  name = 'Outreach1760000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_outreach_log',
        columns: [
          c.serial('id'),
          c.varchar('idem_key', 255),
          c.varchar('job_id', 255),
          c.varchar('trigger_id', 100),
          c.varchar('user_id', 191),
          c.varchar('kind', 16),
          c.varchar('status', 16),
          c.varchar('reason', 100, { isNullable: true }),
          c.varchar('channel', 64, { isNullable: true }),
          c.varchar('order_id', 100, { isNullable: true }),
          c.timestamp('scheduled_at', { isNullable: true }),
          c.timestamp('due_at', { isNullable: true }),
          c.timestamp('sent_at', { isNullable: true }),
          c.timestamp('converted_at', { isNullable: true }),
          c.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_outreach_key', columnNames: ['idem_key'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_outreach_user_status_sent', columnNames: ['user_id', 'status', 'sent_at'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_outreach_log', true);
  }
}
