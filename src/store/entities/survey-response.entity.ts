import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One satisfaction answer (table `kefu_survey_response`): CSAT 1–5 or NPS 0–10, from `survey.record` (docs/kpis.md). */
@Entity({ name: 'kefu_survey_response' })
@Index('idx_kefu_survey_response_created', ['createdAt', 'channel'])
@Index('idx_kefu_survey_response_user', ['userId'])
export class SurveyResponseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** `csat` or `nps`. */
  @Column({ type: 'varchar', length: 8 })
  kind: string;

  @Column({ type: 'integer' })
  score: number;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  channel: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 255 })
  conversationId: string;

  /** Shop-local day `yyyymmdd` of the answer (KEFU_TIMEZONE). */
  @Column({ type: 'varchar', length: 8 })
  day: string;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;

  /** What the shopper said about the rating (`survey.comment`, e.g. why it was low); null without one. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
