import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit, type ColumnKit } from './column-types';

const TABLES = ['kefu_messages', 'kefu_conversations', 'kefu_channel_identities', 'kefu_users'];

function usersTable(c: ColumnKit): Table {
  return new Table({
    name: 'kefu_users',
    columns: [
      c.varchar('id', 36, { isPrimary: true }),
      c.varchar('display_name', 255, { isNullable: true }),
      c.bool('is_new', true),
      c.text('attributes'),
      c.text('tags'),
      c.bool('opted_out', false),
      c.timestamp('created_at'),
      c.timestamp('last_seen_at'),
    ],
  });
}

function identitiesTable(c: ColumnKit): Table {
  return new Table({
    name: 'kefu_channel_identities',
    columns: [c.serial('id'), c.varchar('channel', 64), c.varchar('external_id', 191), c.varchar('user_id', 36), c.timestamp('created_at')],
    indices: [new TableIndex({ name: 'uq_kefu_identity_channel_external', columnNames: ['channel', 'external_id'], isUnique: true })],
    foreignKeys: [
      new TableForeignKey({
        name: 'fk_kefu_identity_user',
        columnNames: ['user_id'],
        referencedTableName: 'kefu_users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'NO ACTION',
      }),
    ],
  });
}

function conversationsTable(c: ColumnKit): Table {
  return new Table({
    name: 'kefu_conversations',
    columns: [
      c.varchar('id', 255, { isPrimary: true }),
      c.varchar('channel', 64),
      c.text('ref'),
      c.varchar('user_id', 36, { isNullable: true }),
      c.varchar('active_flow', 64, { isNullable: true }),
      c.varchar('active_step', 64, { isNullable: true }),
      c.text('slots'),
      c.varchar('status', 16, { default: "'open'" }),
      c.varchar('mode', 16, { default: "'bot'" }),
      c.bool('resolved', false),
      c.bool('escalated', false),
      c.int('turns', { default: 0 }),
      c.timestamp('started_at'),
      c.timestamp('updated_at'),
    ],
    indices: [
      new TableIndex({ name: 'idx_kefu_conversations_updated', columnNames: ['updated_at'] }),
      new TableIndex({ name: 'idx_kefu_conversations_user', columnNames: ['user_id'] }),
    ],
  });
}

function messagesTable(c: ColumnKit): Table {
  return new Table({
    name: 'kefu_messages',
    columns: [
      c.serial('id'),
      c.varchar('conversation_id', 255),
      c.varchar('user_id', 36, { isNullable: true }),
      c.varchar('direction', 8),
      c.varchar('kind', 32),
      c.text('text', { isNullable: true }),
      c.text('payload', { isNullable: true }),
      c.varchar('intent', 64, { isNullable: true }),
      c.double('score', { isNullable: true }),
      c.varchar('flow_id', 64, { isNullable: true }),
      c.timestamp('created_at'),
    ],
    indices: [new TableIndex({ name: 'idx_kefu_messages_conversation_created', columnNames: ['conversation_id', 'created_at'] })],
    foreignKeys: [
      new TableForeignKey({
        name: 'fk_kefu_message_conversation',
        columnNames: ['conversation_id'],
        referencedTableName: 'kefu_conversations',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'NO ACTION',
      }),
    ],
  });
}

/** Users, channel identities, conversations and the message log. */
export class InitialSchema1760000000000 implements MigrationInterface {
  name = 'InitialSchema1760000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    for (const table of [usersTable(c), identitiesTable(c), conversationsTable(c), messagesTable(c)]) {
      await queryRunner.createTable(table, false, true, true);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of TABLES) await queryRunner.dropTable(name, true, true, true);
  }
}
