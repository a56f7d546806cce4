import type { DataSource, EntityManager } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import { ticketRef, type NewTicket, type Ticket, type Tickets } from '../flows/actions/tickets';
import { TicketEntity } from './entities/ticket.entity';
import { isRetryableConflict, isUniqueViolation, StoreRunner } from './store-runner';

const MAX_ATTEMPTS = 8;

function toTicket(row: TicketEntity): Ticket {
  const ticket: Ticket = {
    ref: ticketRef(row.day, row.seq),
    userId: row.userId,
    channel: row.channel,
    conversation: row.conversation,
    text: row.text,
    status: row.status as Ticket['status'],
    createdAt: row.createdAt.toISOString(),
  };
  if (row.dueBy) ticket.dueBy = row.dueBy.toISOString();
  return ticket;
}

/**
 * Messages shoppers left for staff (`ticket.create`) in the database (table `kefu_ticket`), numbered in one
 * sequence per shop-local day across every kefu process: two processes that take the same number race on the
 * unique index and the loser takes the next.
 *
 * @example
 * const tickets = new TypeormTickets(dataSource, 'Asia/Shanghai');
 * const t = await tickets.add({ userId, channel: 'web', conversation: 'web:-:c1', text: '想改收货地址' }, Date.now()); // t.ref 'GD20251120-0001'
 */
export class TypeormTickets implements Tickets {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly timeZone = 'Asia/Shanghai',
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async add(ticket: NewTicket, now: number): Promise<Ticket> {
    const day = recordDay(now, this.timeZone);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const row = await this.runner.transaction(async (em) => {
          const seq = (await this.lastSeq(em, day)) + 1;
          const { dueBy, ...rest } = ticket;
          const values = {
            ...rest,
            day,
            seq,
            status: 'open',
            createdAt: new Date(now),
            dueBy: dueBy === undefined ? null : new Date(dueBy),
          };
          return em.save(em.create(TicketEntity, values));
        });
        return toTicket(row);
      } catch (err) {
        if (!isUniqueViolation(err) && !isRetryableConflict(err)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  async list(filter: { userId?: string; status?: Ticket['status']; limit?: number } = {}): Promise<Ticket[]> {
    const where: Partial<Pick<TicketEntity, 'userId' | 'status'>> = {};
    if (filter.userId) where.userId = filter.userId;
    if (filter.status) where.status = filter.status;
    const rows = await this.runner.read((em) =>
      em.find(TicketEntity, { where, order: { createdAt: 'DESC', id: 'DESC' }, take: Math.min(1000, filter.limit ?? 200) }),
    );
    return rows.map(toTicket);
  }

  private async lastSeq(em: EntityManager, day: string): Promise<number> {
    const result = await em
      .createQueryBuilder(TicketEntity, 't')
      .select('MAX(t.seq)', 'max')
      .where('t.day = :day', { day })
      .getRawOne<{ max: number | string | null }>();
    return Number(result?.max ?? 0);
  }
}
