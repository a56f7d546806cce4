import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One version of the whole flow set (table `kefu_flow_version`, the studio's 版本): every file of flows/ as it was,
 * who made it, when and why, and the version it came from. Exactly one version is `published` (the one served).
 */
@Entity({ name: 'kefu_flow_version' })
@Index('idx_kefu_flow_version_status', ['status', 'id'])
export class FlowVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** draft | published | archived. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** The files as JSON `{ "thanks.yaml": "…", "tests/thanks.test.yaml": "…" }` (LONGTEXT on MySQL/MariaDB: see widenLongText in data-source.ts). */
  @Column({ type: 'text' })
  files: string;

  /** SHA-256 of the files (names and texts), to tell whether flows/ changed. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** studio (a draft edited in the console) | files (imported from flows/) | rollback (an older version again). */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  /** The version it was copied from (a draft's base, a rollback's target). */
  @Column({ name: 'based_on', type: 'integer', nullable: true })
  basedOn: number | null;

  /** Console user name, or `files` for an import from flows/. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;

  /** Why it was published (required to publish). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'published_by', type: 'varchar', length: 64, nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: Date, precision: 3, nullable: true })
  publishedAt: Date | null;

  /** When flows/ last held exactly these files (imported from it, or written to it on publish). */
  @Column({ name: 'in_folder_at', type: Date, precision: 3, nullable: true })
  inFolderAt: Date | null;
}
