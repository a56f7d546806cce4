import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_experiment_exposure` (ExperimentExposureEntity): who saw which A/B variant, once (docs/studio.md 实验). */
export class ExperimentExposures1760000001900 implements MigrationInterface {
  name = 'ExperimentExposures1760000001900';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_experiment_exposure',
        columns: [
          { ...c.varchar('experiment_id', 64), isPrimary: true },
          { ...c.varchar('user_id', 191), isPrimary: true },
          c.varchar('variant', 32),
          c.double('share'),
          c.varchar('flow_id', 64),
          c.varchar('channel', 64),
          c.timestamp('exposed_at'),
        ],
        indices: [new TableIndex({ name: 'idx_kefu_experiment_exposure_variant', columnNames: ['experiment_id', 'variant'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_experiment_exposure', true);
  }
}
