import { And, In, LessThan, MoreThanOrEqual, type DataSource, type FindOptionsWhere } from 'typeorm';
import { OUTCOMES, type Outcome } from '../quality/outcome';
import { HandoffEntity } from './entities/handoff.entity';
import { ServiceSessionEntity } from './entities/service-session.entity';
import { StoreRunner } from './store-runner';

/** Which labelled sessions to list: started in `[from, to)`, optionally on one door and with one outcome. */
export interface QualitySessionQuery {
  from: Date;
  to: Date;
  /** The door (channel adapter name). */
  channel?: string;
  outcome?: Outcome;
  /** Rows to skip (newest first). @defaultValue 0 */
  offset?: number;
  /** Rows to return. @defaultValue 20 */
  limit?: number;
}

/** One labelled service session and what decided its outcome. */
export interface QualitySession {
  id: number;
  /** The conversation key (`web:-:c-…`): it holds the shopper's platform id, so mask it before showing it. */
  conversation: string;
  userId: string | null;
  channel: string;
  /** Shop-local day `yyyymmdd` the session started. */
  day: string;
  startedAt: Date;
  lastAt: Date;
  messages: number;
  topic: string | null;
  outcome: Outcome;
  /** e.g. `["flow_done:logistics", "thanks"]`. */
  signals: string[];
  /** The inbox handoff of the conversation: one made during the session, else its latest; null when it has none. */
  handoffId: number | null;
}

/** A page of {@link QualitySession}s and how many match in all. */
export interface QualitySessionPage {
  total: number;
  sessions: QualitySession[];
}

/**
 * Reads labelled service sessions (`kefu_service_session` with an outcome, docs/kpis.md "Conversation quality") for
 * the console: newest first, paged, with the handoff that lets an operator open the conversation in the inbox. Same
 * SQL on SQLite, PostgreSQL and MySQL/MariaDB (typeorm `find`, the `started_at` index).
 *
 * @example
 * const page = await new TypeormQualitySessions(dataSource).list({ from, to, outcome: 'unresolved', limit: 20 });
 * page.sessions[0]?.signals; // ['negative:没用']
 */
export class TypeormQualitySessions {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** The sessions of `query`, newest start first (ties by id), and the number that match. */
  async list(query: QualitySessionQuery): Promise<QualitySessionPage> {
    return this.runner.read(async (em) => {
      const where: FindOptionsWhere<ServiceSessionEntity> = {
        startedAt: And(MoreThanOrEqual(query.from), LessThan(query.to)),
        outcome: query.outcome ?? In([...OUTCOMES]),
        ...(query.channel ? { channel: query.channel } : {}),
      };
      const [rows, total] = await em.findAndCount(ServiceSessionEntity, {
        select: {
          id: true,
          conversationId: true,
          userId: true,
          channel: true,
          day: true,
          startedAt: true,
          lastAt: true,
          messages: true,
          topic: true,
          outcome: true,
          outcomeSignals: true,
        },
        where,
        order: { startedAt: 'DESC', id: 'DESC' },
        skip: Math.max(0, query.offset ?? 0),
        take: Math.max(1, query.limit ?? 20),
      });
      const conversations = [...new Set(rows.map((r) => r.conversationId))];
      const handoffs =
        conversations.length === 0
          ? []
          : await em.find(HandoffEntity, {
              select: { id: true, conversation: true, handedOffAt: true },
              where: { conversation: In(conversations) },
              order: { handedOffAt: 'ASC', id: 'ASC' },
            });
      return { total, sessions: rows.map((row) => toSession(row, handoffs)) };
    });
  }
}

function toSession(row: ServiceSessionEntity, handoffs: HandoffEntity[]): QualitySession {
  const own = handoffs.filter((h) => h.conversation === row.conversationId);
  const during = own.filter((h) => h.handedOffAt >= row.startedAt && h.handedOffAt <= row.lastAt).at(-1);
  return {
    id: row.id,
    conversation: row.conversationId,
    userId: row.userId,
    channel: row.channel,
    day: row.day,
    startedAt: row.startedAt,
    lastAt: row.lastAt,
    messages: row.messages,
    topic: row.topic,
    outcome: row.outcome as Outcome,
    signals: row.outcomeSignals ?? [],
    handoffId: (during ?? own.at(-1))?.id ?? null,
  };
}
