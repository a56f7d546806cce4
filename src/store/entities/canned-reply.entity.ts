import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A canned reply operators pick in the agent inbox (table `kefu_canned_reply`, 快捷回复). */
@Entity({ name: 'kefu_canned_reply' })
@Index('uq_kefu_canned_reply_title', ['title'], { unique: true })
export class CannedReplyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Short name shown in the picker, e.g. 发货时间. */
  @Column({ type: 'varchar', length: 64 })
  title: string;

  @Column({ type: 'text' })
  text: string;

  /** The console user who added it. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;
}
