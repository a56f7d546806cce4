import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/**
 * Creates `kefu_service_session` (ServiceSessionEntity), `kefu_survey_response` (SurveyResponseEntity) and the indexes the service KPIs read by: tickets by
 * conversation and time, chat-credited orders by conversation and touch time, outreach rows by scheduling time.
 */
export class ServiceSessions1760000001000 implements MigrationInterface {
  name = 'ServiceSessions1760000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_service_session',
        columns: [
          c.serial('id'),
          c.varchar('conversation_id', 255),
          c.varchar('user_id', 191, { isNullable: true }),
          c.varchar('channel', 64),
          c.varchar('day', 8),
          c.timestamp('started_at'),
          c.timestamp('last_at'),
          c.int('first_response_ms', { isNullable: true }),
          c.int('messages', { default: 0 }),
          c.varchar('topic', 64, { isNullable: true }),
          c.int('handed_off', { default: 0 }),
          c.int('reopened', { default: 0 }),
        ],
        indices: [
          new TableIndex({ name: 'idx_kefu_service_session_started', columnNames: ['started_at', 'channel'] }),
          new TableIndex({ name: 'idx_kefu_service_session_conversation', columnNames: ['conversation_id', 'last_at'] }),
          new TableIndex({ name: 'idx_kefu_service_session_user', columnNames: ['user_id', 'last_at'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'kefu_survey_response',
        columns: [
          c.serial('id'),
          c.varchar('kind', 8),
          c.int('score'),
          c.varchar('user_id', 191),
          c.varchar('channel', 64),
          c.varchar('conversation_id', 255),
          c.varchar('day', 8),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_kefu_survey_response_created', columnNames: ['created_at', 'channel'] }),
          new TableIndex({ name: 'idx_kefu_survey_response_user', columnNames: ['user_id'] }),
        ],
      }),
      true,
    );
    await queryRunner.createIndex(
      'kefu_ticket',
      new TableIndex({ name: 'idx_kefu_ticket_conversation', columnNames: ['conversation', 'created_at'] }),
    );
    await queryRunner.createIndex(
      'kefu_order_attribution',
      new TableIndex({ name: 'idx_kefu_order_attribution_touch', columnNames: ['conversation_id', 'touch_at'] }),
    );
    await queryRunner.createIndex(
      'kefu_outreach_log',
      new TableIndex({ name: 'idx_kefu_outreach_scheduled', columnNames: ['scheduled_at', 'trigger_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('kefu_outreach_log', 'idx_kefu_outreach_scheduled');
    await queryRunner.dropIndex('kefu_order_attribution', 'idx_kefu_order_attribution_touch');
    await queryRunner.dropIndex('kefu_ticket', 'idx_kefu_ticket_conversation');
    await queryRunner.dropTable('kefu_survey_response', true);
    await queryRunner.dropTable('kefu_service_session', true);
  }
}
