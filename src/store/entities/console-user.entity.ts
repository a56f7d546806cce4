import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person who signs in to the operators' console (table `kefu_console_user`): a unique login name, one role
 * (`admin`, `operator`, `marketing`) and an argon2id password hash (never the password).
 */
@Entity({ name: 'kefu_console_user' })
@Index('uq_kefu_console_user_name', ['name'], { unique: true })
export class ConsoleUserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Login name, compared exactly (case-sensitive). */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** `admin`, `operator` or `marketing`. */
  @Column({ type: 'varchar', length: 16 })
  role: string;

  /** argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: Date, precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date, precision: 3 })
  updatedAt: Date;

  /** Set while the account is disabled: it cannot sign in and its sessions are ended. */
  @Column({ name: 'disabled_at', type: Date, precision: 3, nullable: true })
  disabledAt: Date | null;

  /** The last successful sign-in. */
  @Column({ name: 'last_login_at', type: Date, precision: 3, nullable: true })
  lastLoginAt: Date | null;
}
