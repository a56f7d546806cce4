import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Adds `disabled_at` and `last_login_at` to `kefu_console_user` (the console's 账号 page: disable, last sign-in). */
export class ConsoleUserStatus1760000001250 implements MigrationInterface {
  name = 'ConsoleUserStatus1760000001250';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumns('kefu_console_user', [
      new TableColumn(c.timestamp('disabled_at', { isNullable: true })),
      new TableColumn(c.timestamp('last_login_at', { isNullable: true })),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('kefu_console_user', 'last_login_at');
    await queryRunner.dropColumn('kefu_console_user', 'disabled_at');
  }
}
