import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_ticket` (see TicketEntity): messages shoppers left for staff when no human could answer. */
export class Tickets1760000000700 implements MigrationInterface {
  name = 'Tickets1760000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_ticket',
        columns: [
          c.serial('id'),
          c.varchar('day', 8),
          c.int('seq'),
          c.varchar('user_id', 191),
          c.varchar('channel', 64),
          c.varchar('conversation', 400),
          c.text('text'),
          c.varchar('status', 16),
          c.timestamp('created_at'),
          c.timestamp('due_by', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_ticket_seq', columnNames: ['day', 'seq'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_ticket_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_kefu_ticket_status', columnNames: ['status', 'due_by'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_ticket', true);
  }
}
