import { In, IsNull, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { Handoff, HandoffCloser, HandoffQuery, Handoffs, NewHandoff } from '../desk/handoff-types';
import { HandoffEntity } from './entities/handoff.entity';
import { isUniqueViolation, StoreRunner } from './store-runner';

const OPEN = In(['waiting', 'taken']);

function toHandoff(row: HandoffEntity): Handoff {
  const h: Handoff = {
    id: row.id,
    conversation: row.conversation,
    channel: row.channel,
    userId: row.userId,
    ref: row.ref,
    reason: row.reason,
    status: row.status,
    handedOffAt: row.handedOffAt.getTime(),
  };
  if (row.operator) h.operator = row.operator;
  if (row.takenAt) h.takenAt = row.takenAt.getTime();
  if (row.firstReplyAt) h.firstReplyAt = row.firstReplyAt.getTime();
  if (row.lastText !== null) h.lastText = row.lastText;
  if (row.lastShopperAt) h.lastShopperAt = row.lastShopperAt.getTime();
  if (row.closedAt) h.closedAt = row.closedAt.getTime();
  if (row.closedBy) h.closedBy = row.closedBy;
  return h;
}

/**
 * The agent inbox's handoffs in the database (table `kefu_handoff`). Status changes are single conditional UPDATEs
 * (`… WHERE id = ? AND status = 'waiting'`), so concurrent operators and processes cannot both take one conversation.
 *
 * @example
 * const handoffs = new TypeormHandoffs(dataSource);
 * const { handoff } = await handoffs.open({ conversation: 'web:-:c1', ref, userId, reason: '顾客要求人工服务', at: Date.now() });
 * await handoffs.take(handoff.id, 'xiaomei', Date.now()); // undefined if someone else was faster
 */
export class TypeormHandoffs implements Handoffs {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async open(handoff: NewHandoff): Promise<{ handoff: Handoff; created: boolean }> {
    const existing = await this.openOf(handoff.conversation);
    if (existing) return { handoff: existing, created: false };
    try {
      const row = await this.runner.transaction(async (em) => {
        const entity = Object.assign(new HandoffEntity(), {
          conversation: handoff.conversation,
          channel: handoff.ref.channel,
          userId: handoff.userId,
          ref: handoff.ref,
          reason: handoff.reason.slice(0, 255),
          status: 'waiting' as const,
          operator: null,
          handedOffAt: new Date(handoff.at),
          takenAt: null,
          firstReplyAt: null,
          lastText: handoff.text ?? null,
          lastShopperAt: handoff.text === undefined ? null : new Date(handoff.at),
          closedAt: null,
          closedBy: null,
        });
        return em.save(HandoffEntity, entity);
      });
      return { handoff: toHandoff(row), created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const again = await this.openOf(handoff.conversation); // the same turn, recorded twice
      if (again) return { handoff: again, created: false };
      throw err;
    }
  }

  async byId(id: number): Promise<Handoff | undefined> {
    const row = await this.runner.read((em) => em.findOne(HandoffEntity, { where: { id } }));
    return row ? toHandoff(row) : undefined;
  }

  async openOf(conversation: string): Promise<Handoff | undefined> {
    const row = await this.runner.read((em) =>
      em.findOne(HandoffEntity, { where: { conversation, status: OPEN }, order: { handedOffAt: 'DESC', id: 'DESC' } }),
    );
    return row ? toHandoff(row) : undefined;
  }

  async list(query: HandoffQuery): Promise<Handoff[]> {
    const where: FindOptionsWhere<HandoffEntity> = {};
    if (query.status === 'open') where.status = OPEN;
    else if (query.status) where.status = query.status;
    if (query.operator) where.operator = query.operator;
    const rows = await this.runner.read((em) =>
      em.find(HandoffEntity, {
        where,
        // waiting ones oldest first would hide new ones on a busy day: the console sorts; the store gives the newest
        order: { handedOffAt: 'DESC', id: 'DESC' },
        take: Math.max(1, Math.min(query.limit ?? 200, 500)),
      }),
    );
    return rows.map(toHandoff);
  }

  take(id: number, operator: string, at: number): Promise<Handoff | undefined> {
    return this.change(id, { status: 'waiting' }, { status: 'taken', operator, takenAt: new Date(at) });
  }

  transfer(id: number, to: string, from: string | undefined, at: number): Promise<Handoff | undefined> {
    void at;
    return this.change(id, from === undefined ? { status: 'taken' } : { status: 'taken', operator: from }, { operator: to });
  }

  async noteShopper(conversation: string, text: string | undefined, at: number): Promise<Handoff | undefined> {
    const open = await this.openOf(conversation);
    if (!open) return undefined;
    const changes: Partial<HandoffEntity> = { lastShopperAt: new Date(at) };
    if (text !== undefined) changes.lastText = text;
    return this.change(open.id, { status: OPEN }, changes);
  }

  async noteOperatorReply(id: number, at: number): Promise<void> {
    await this.runner.transaction((em) => em.update(HandoffEntity, { id, firstReplyAt: IsNull() }, { firstReplyAt: new Date(at) }));
  }

  close(id: number, by: HandoffCloser, at: number): Promise<Handoff | undefined> {
    return this.change(id, { status: OPEN }, { status: 'closed', closedAt: new Date(at), closedBy: by });
  }

  /** One conditional update; the row after it, or undefined when `when` did not hold. */
  private async change(id: number, when: FindOptionsWhere<HandoffEntity>, changes: Partial<HandoffEntity>): Promise<Handoff | undefined> {
    return this.runner.transaction(async (em: EntityManager) => {
      const result = await em.update(HandoffEntity, { id, ...when }, changes as Parameters<EntityManager['update']>[2]);
      if (!result.affected) return undefined;
      const row = await em.findOne(HandoffEntity, { where: { id } });
      return row ? toHandoff(row) : undefined;
    });
  }
}
