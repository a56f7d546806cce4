import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Creates `kefu_shopper_features` (ShopperFeaturesEntity): snapshots of the behaviour features (docs/profiles.md). */
export class ShopperFeatures1760000001600 implements MigrationInterface {
  name = 'ShopperFeatures1760000001600';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'kefu_shopper_features',
        columns: [{ ...c.varchar('user_id', 191), isPrimary: true }, c.text('state'), c.text('features'), c.timestamp('updated_at')],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kefu_shopper_features', true);
  }
}
