import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/**
 * Conversation quality (docs/kpis.md): adds `quality_trace`, `outcome` and `outcome_signals` to `kefu_service_session`
 * and the index the labelling sweep reads by (unlabelled sessions by last activity). Sessions recorded before have no
 * trace to label: they get the outcome `none` and stay out of the outcome shares.
 */
export class SessionOutcomes1760000001500 implements MigrationInterface {
  name = 'SessionOutcomes1760000001500';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumns('kefu_service_session', [
      new TableColumn(c.text('quality_trace', { isNullable: true })),
      new TableColumn(c.varchar('outcome', 16, { isNullable: true })),
      new TableColumn(c.text('outcome_signals', { isNullable: true })),
    ]);
    await queryRunner.query(`UPDATE kefu_service_session SET outcome = 'none'`);
    await queryRunner.createIndex(
      'kefu_service_session',
      new TableIndex({ name: 'idx_kefu_service_session_outcome', columnNames: ['outcome', 'last_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('kefu_service_session', 'idx_kefu_service_session_outcome');
    await queryRunner.dropColumns('kefu_service_session', ['quality_trace', 'outcome', 'outcome_signals']);
  }
}
