import { Between, In, IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { SESSION_GAP_MS } from '../kpis/session-turn';
import { labelOutcome, type LabelOptions } from '../quality/label-outcome';
import type { QualityEvent } from '../quality/outcome';
import { ServiceSessionEntity } from './entities/service-session.entity';
import { SurveyResponseEntity } from './entities/survey-response.entity';
import { TicketEntity } from './entities/ticket.entity';
import { updateById } from './plain-writes';
import { StoreRunner } from './store-runner';

/** Sessions labelled per call of {@link TypeormSessionOutcomes.labelEnded}. */
export const LABEL_BATCH = 200;

/**
 * Labels finished service sessions (no shopper message or reply for {@link SESSION_GAP_MS}) resolved / escalated /
 * abandoned / unresolved with the signals that decided it (docs/kpis.md, "Conversation quality"). Reads each
 * session's stored trace plus the tickets left and CSAT ratings given during it; writes `outcome` and
 * `outcome_signals`. Idempotent: several processes may run it at once.
 *
 * @example
 * const outcomes = new TypeormSessionOutcomes(dataSource);
 * await outcomes.labelEnded(Date.now()); // → how many sessions were labelled
 */
export class TypeormSessionOutcomes {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly options: LabelOptions = {},
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** Labels up to `limit` sessions that ended before `now` and have no outcome yet, oldest first; returns how many. */
  async labelEnded(now: number = Date.now(), limit = LABEL_BATCH): Promise<number> {
    return this.runner.transaction(async (em) => {
      const rows = await em.find(ServiceSessionEntity, {
        where: { outcome: IsNull(), lastAt: LessThan(new Date(now - SESSION_GAP_MS)) },
        order: { lastAt: 'ASC', id: 'ASC' },
        take: limit,
      });
      if (rows.length === 0) return 0;
      const extras = await extraEvents(em, rows);
      for (const row of rows) {
        const events = [...(row.qualityTrace ?? []), ...(extras.get(row.id) ?? [])];
        const { outcome, signals } = labelOutcome(events, this.options);
        const kept = signals.slice(0, 8).map((s) => s.slice(0, 64));
        await updateById(em, ServiceSessionEntity, row.id, { outcome, outcomeSignals: kept });
      }
      return rows.length;
    });
  }
}

/** Tickets left (→ escalated) and CSAT ratings given during each session, as events. */
async function extraEvents(em: EntityManager, rows: ServiceSessionEntity[]): Promise<Map<number, QualityEvent[]>> {
  const from = new Date(Math.min(...rows.map((r) => r.startedAt.getTime())));
  const to = new Date(Math.max(...rows.map((r) => r.lastAt.getTime())));
  const conversations = [...new Set(rows.map((r) => r.conversationId))];
  const users = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const tickets = await em.find(TicketEntity, {
    select: { conversation: true, createdAt: true },
    where: { conversation: In(conversations), createdAt: Between(from, to) },
  });
  const ratings =
    users.length === 0
      ? []
      : await em.find(SurveyResponseEntity, {
          select: { conversationId: true, createdAt: true, score: true },
          where: { userId: In(users), kind: 'csat', createdAt: Between(from, to) },
        });
  const out = new Map<number, QualityEvent[]>();
  const during = (row: ServiceSessionEntity, at: Date): boolean => at >= row.startedAt && at <= row.lastAt;
  for (const row of rows) {
    const events: QualityEvent[] = [
      ...tickets
        .filter((t) => t.conversation === row.conversationId && during(row, t.createdAt))
        .map((): QualityEvent => ({ kind: 'ticket' })),
      ...ratings
        .filter((r) => r.conversationId === row.conversationId && during(row, r.createdAt))
        .map((r): QualityEvent => ({ kind: 'rating', score: r.score })),
    ];
    if (events.length > 0) out.set(row.id, events);
  }
  return out;
}
