import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_console_user` (see ConsoleUserEntity): the operators' console accounts and their roles. */
export class ConsoleUsers1760000001200 implements MigrationInterface {
  name = 'ConsoleUsers1760000001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_console_user',
        columns: [
          c.serial('id'),
          c.varchar('name', 64),
          c.varchar('role', 16),
          c.varchar('password_hash', 255),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_kefu_console_user_name', columnNames: ['name'], isUnique: true })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_console_user', true);
  }
}
