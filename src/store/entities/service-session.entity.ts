import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Outcome, QualityEvent } from '../../quality/outcome';

/**
 * One service session (一次咨询, table `kefu_service_session`): the shopper messages of one conversation with no gap
 * of 30 minutes or more, and what became of them. Written as turns are logged (src/kpis/session-recorder.ts) and
 * read by the service KPIs (docs/kpis.md). Flags are integers (0/1) so sums are the same SQL on every database.
 */
@Entity({ name: 'kefu_service_session' })
@Index('idx_kefu_service_session_started', ['startedAt', 'channel'])
@Index('idx_kefu_service_session_conversation', ['conversationId', 'lastAt'])
@Index('idx_kefu_service_session_user', ['userId', 'lastAt'])
@Index('idx_kefu_service_session_outcome', ['outcome', 'lastAt'])
export class ServiceSessionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The conversation key (`web:-:c-…`). */
  @Column({ name: 'conversation_id', type: 'varchar', length: 255 })
  conversationId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 191, nullable: true })
  userId: string | null;

  /** The door (channel adapter name). */
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /** Shop-local day `yyyymmdd` the session started (KEFU_TIMEZONE). */
  @Column({ type: 'varchar', length: 8 })
  day: string;

  /** When the shopper's first message of the session came in. */
  @Column({ name: 'started_at', type: Date, precision: 3 })
  startedAt: Date;

  /** The latest shopper message or reply of the session. */
  @Column({ name: 'last_at', type: Date, precision: 3 })
  lastAt: Date;

  /** First shopper message → first reply (bot or human), ms; null while nobody answered. */
  @Column({ name: 'first_response_ms', type: 'integer', nullable: true })
  firstResponseMs: number | null;

  /** Shopper messages in the session. */
  @Column({ type: 'integer', default: 0 })
  messages: number;

  /** What the session was about: the first recognised intent that is not small talk. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  topic: string | null;

  /** 1 once the session was handed to a human (转人工). */
  @Column({ name: 'handed_off', type: 'integer', default: 0 })
  handedOff: number;

  /** 1 when the same shopper came back about the same topic within 24 h of the session's last message. */
  @Column({ type: 'integer', default: 0 })
  reopened: number;

  /** What the session's turns tell its outcome label: cues and bot events, not the shopper's words (src/quality/trace.ts). */
  @Column({ name: 'quality_trace', type: 'simple-json', nullable: true })
  qualityTrace: QualityEvent[] | null;

  /** resolved / escalated / abandoned / unresolved once the session ended (30 min quiet); `none` for sessions older than the labels. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: Outcome | 'none' | null;

  /** The signals that decided the outcome, e.g. `["flow_done:logistics", "thanks"]`. */
  @Column({ name: 'outcome_signals', type: 'simple-json', nullable: true })
  outcomeSignals: string[] | null;
}
