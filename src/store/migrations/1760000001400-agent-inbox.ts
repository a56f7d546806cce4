import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_handoff` (HandoffEntity, the agent inbox) and `kefu_canned_reply` (CannedReplyEntity, 快捷回复). */
export class AgentInbox1760000001400 implements MigrationInterface {
  name = 'AgentInbox1760000001400';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'kefu_handoff',
        columns: [
          c.serial('id'),
          c.varchar('conversation', 400),
          c.varchar('channel', 64),
          c.varchar('user_id', 191),
          c.text('ref'),
          c.varchar('reason', 255),
          c.varchar('status', 16),
          c.varchar('operator', 64, nullable),
          c.timestamp('handed_off_at'),
          c.timestamp('taken_at', nullable),
          c.timestamp('first_reply_at', nullable),
          c.text('last_text', nullable),
          c.timestamp('last_shopper_at', nullable),
          c.timestamp('closed_at', nullable),
          c.varchar('closed_by', 16, nullable),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_handoff_turn', columnNames: ['conversation', 'handed_off_at'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_handoff_status', columnNames: ['status', 'handed_off_at'] }),
          new TableIndex({ name: 'idx_kefu_handoff_conversation', columnNames: ['conversation', 'status'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_canned_reply',
        columns: [c.serial('id'), c.varchar('title', 64), c.text('text'), c.varchar('created_by', 64), c.timestamp('created_at')],
        indices: [new TableIndex({ name: 'uq_kefu_canned_reply_title', columnNames: ['title'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_canned_reply', true);
    await queryRunner.dropTable('kefu_handoff', true);
  }
}
