import { In, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import { COMEBACK_MS, SESSION_GAP_MS, type SessionTurn } from '../kpis/session-turn';
import { appendTrace } from '../quality/trace';
import { ServiceSessionEntity } from './entities/service-session.entity';
import { insertRows, updateById } from './plain-writes';
import { StoreRunner } from './store-runner';

/** The largest first response time stored (a 32-bit integer column), ms. */
const MAX_RESPONSE_MS = 2_147_483_647;

/**
 * Service sessions (`kefu_service_session`) over typeorm, on SQLite, PostgreSQL and MySQL/MariaDB: logged turns
 * open, extend and close them (a gap of {@link SESSION_GAP_MS} starts a new one), and a session whose shopper comes
 * back about the same topic within {@link COMEBACK_MS} is marked reopened (docs/kpis.md).
 *
 * @example
 * const sessions = new TypeormServiceSessions(dataSource, 'Asia/Shanghai');
 * await sessions.record([{ conversation: 'web:-:c1', channel: 'web', receivedAt: t, repliedAt: t + 900, handedOff: false }]);
 * await sessions.noteReply('web:-:c1', t + 60_000); // a human's reply
 */
export class TypeormServiceSessions {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly timeZone = 'Asia/Shanghai',
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** Applies turns in order, in one transaction. */
  async record(turns: readonly SessionTurn[]): Promise<void> {
    if (turns.length === 0) return;
    await this.runner.transaction((em) => this.apply(em, turns));
  }

  /**
   * A reply sent outside a bot turn (an operator's answer from the inbox) at `at`: sets the first response time of
   * the conversation's open session if nobody had answered yet. Returns whether a session was updated.
   */
  async noteReply(conversation: string, at: number): Promise<boolean> {
    return this.runner.transaction(async (em) => {
      const row = await em.findOne(ServiceSessionEntity, {
        where: { conversationId: conversation, lastAt: MoreThanOrEqual(new Date(at - SESSION_GAP_MS)) },
        order: { id: 'DESC' },
      });
      if (!row || row.startedAt.getTime() > at) return false;
      const changes: Partial<ServiceSessionEntity> = { lastAt: new Date(Math.max(at, row.lastAt.getTime())) };
      if (row.firstResponseMs === null) changes.firstResponseMs = responseMs(at - row.startedAt.getTime());
      await em.update(ServiceSessionEntity, { id: row.id }, changes);
      return true;
    });
  }

  private async apply(em: EntityManager, turns: readonly SessionTurn[]): Promise<void> {
    const keys = [...new Set(turns.map((t) => t.conversation))];
    const since = Math.min(...turns.map((t) => t.receivedAt)) - SESSION_GAP_MS;
    const existing = await em.find(ServiceSessionEntity, {
      where: { conversationId: In(keys), lastAt: MoreThanOrEqual(new Date(since)) },
      order: { id: 'ASC' },
    });
    const open = new Map(existing.map((row) => [row.conversationId, row]));
    const touched = new Set<ServiceSessionEntity>();
    const topics: ServiceSessionEntity[] = [];
    for (const turn of turns) {
      let row = open.get(turn.conversation);
      if (!row || turn.receivedAt - row.lastAt.getTime() >= SESSION_GAP_MS) {
        row = this.start(turn);
        open.set(turn.conversation, row);
      }
      if (extend(row, turn)) topics.push(row);
      touched.add(row);
    }
    // plain statements (src/store/plain-writes.ts): typeorm's builders cost ~0.5 ms of the event loop per row
    const fresh: ServiceSessionEntity[] = [];
    for (const row of touched) {
      const { id, ...changes } = row;
      if (id === undefined) fresh.push(row);
      else await updateById(em, ServiceSessionEntity, id, changes);
    }
    await insertRows(em, ServiceSessionEntity, fresh);
    for (const row of topics) await markReopened(em, row);
  }

  private start(turn: SessionTurn): ServiceSessionEntity {
    return Object.assign(new ServiceSessionEntity(), {
      conversationId: turn.conversation.slice(0, 255),
      userId: turn.userId ?? null,
      channel: turn.channel,
      day: recordDay(turn.receivedAt, this.timeZone),
      startedAt: new Date(turn.receivedAt),
      lastAt: new Date(turn.receivedAt),
      firstResponseMs: null,
      messages: 0,
      topic: null,
      handedOff: 0,
      reopened: 0,
      qualityTrace: [],
      outcome: null,
      outcomeSignals: null,
    });
  }
}

/** Adds a turn to its session; true when the turn gave the session its topic. */
function extend(row: ServiceSessionEntity, turn: SessionTurn): boolean {
  row.messages += 1;
  row.userId = row.userId ?? turn.userId ?? null;
  row.lastAt = new Date(Math.max(row.lastAt.getTime(), turn.receivedAt, turn.repliedAt ?? 0));
  if (row.firstResponseMs === null && turn.repliedAt !== undefined)
    row.firstResponseMs = responseMs(turn.repliedAt - row.startedAt.getTime());
  if (turn.handedOff) row.handedOff = 1;
  addEvents(row, turn);
  if (row.topic !== null || turn.topic === undefined) return false;
  row.topic = turn.topic.slice(0, 64);
  return row.userId !== null;
}

/** Keeps the turn's quality events; a session labelled a moment too early (a late write) is labelled again. */
function addEvents(row: ServiceSessionEntity, turn: SessionTurn): void {
  if (!turn.events || turn.events.length === 0) return;
  row.qualityTrace = appendTrace(row.qualityTrace ?? [], turn.events);
  if (row.outcome !== null && row.outcome !== 'none') {
    row.outcome = null;
    row.outcomeSignals = null;
  }
}

/** The shopper's earlier sessions about the same topic that ended at most {@link COMEBACK_MS} before this one began. */
async function markReopened(em: EntityManager, row: ServiceSessionEntity): Promise<void> {
  await em
    .createQueryBuilder()
    .update(ServiceSessionEntity)
    .set({ reopened: 1 })
    .where('user_id = :userId AND topic = :topic AND last_at >= :since AND started_at < :startedAt', {
      userId: row.userId,
      topic: row.topic,
      since: new Date(row.startedAt.getTime() - COMEBACK_MS),
      startedAt: row.startedAt,
    })
    .execute();
}

function responseMs(ms: number): number {
  return Math.min(MAX_RESPONSE_MS, Math.max(0, Math.round(ms)));
}
