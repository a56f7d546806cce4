import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_flow_version` (FlowVersionEntity): the studio's versions of the flow set. */
export class FlowVersions1760000001800 implements MigrationInterface {
  name = 'FlowVersions1760000001800';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const type = queryRunner.connection.driver.options.type;
    // All flow files together pass MySQL's 64 KB TEXT: LONGTEXT there (PostgreSQL and SQLite text has no such limit).
    const long = type === 'mysql' || type === 'mariadb' ? { type: 'longtext' } : {};
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'kefu_flow_version',
        columns: [
          c.serial('id'),
          c.varchar('status', 16),
          c.text('files', long),
          c.varchar('content_hash', 64),
          c.varchar('source', 16),
          c.int('based_on', nullable),
          c.varchar('created_by', 64),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
          c.text('note', nullable),
          c.varchar('published_by', 64, nullable),
          c.timestamp('published_at', nullable),
          c.timestamp('in_folder_at', nullable),
        ],
        indices: [new TableIndex({ name: 'idx_kefu_flow_version_status', columnNames: ['status', 'id'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_flow_version', true);
  }
}
