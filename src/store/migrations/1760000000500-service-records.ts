import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_service_record` (see ServiceRecordEntity): invoice requests and complaints for the shop's staff. */
export class ServiceRecords1760000000500 implements MigrationInterface {
  name = 'ServiceRecords1760000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_service_record',
        columns: [
          c.serial('id'),
          c.varchar('kind', 16),
          c.varchar('day', 8),
          c.int('seq'),
          c.varchar('user_id', 191),
          c.varchar('status', 16),
          c.text('data'),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_kefu_service_record_seq', columnNames: ['kind', 'day', 'seq'], isUnique: true }),
          new TableIndex({ name: 'idx_kefu_service_record_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_kefu_service_record_status', columnNames: ['status', 'created_at'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_service_record', true);
  }
}
