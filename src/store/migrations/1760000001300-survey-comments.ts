import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit } from './column-types';

/** Adds `comment` to `kefu_survey_response`: what a shopper said about a rating (`survey.comment`, e.g. why it was low). */
export class SurveyComments1760000001300 implements MigrationInterface {
  name = 'SurveyComments1760000001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumn('kefu_survey_response', new TableColumn(c.text('comment', { isNullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('kefu_survey_response', 'comment');
  }
}
