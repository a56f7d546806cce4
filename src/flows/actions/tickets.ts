import { recordDay } from './service-records';

/** A message a shopper left for staff when no human could answer (工单/留言). */
export interface Ticket {
  /** `GD20251120-0001`: the number the shopper is told. */
  ref: string;
  userId: string;
  /** The door it was left on (channel adapter name). */
  channel: string;
  /** The conversation's key (`web:-:c-…`), to answer in the same conversation. */
  conversation: string;
  /** What the shopper wrote for staff, as written (it is for staff: keep it out of logs). */
  text: string;
  /** `open` until staff mark it `done`. */
  status: 'open' | 'done';
  createdAt: string;
  /** When staff should have answered (ISO), from the flows' `ticket_reply_minutes` of service time. */
  dueBy?: string;
}

/** What {@link Tickets.add} takes. */
export interface NewTicket {
  userId: string;
  channel: string;
  conversation: string;
  text: string;
  /** ms since epoch. */
  dueBy?: number;
}

/** Where tickets are kept (kefu: the database, TypeormTickets; tests and tools: {@link MemoryTickets}). */
export interface Tickets {
  add(ticket: NewTicket, now: number): Promise<Ticket>;
  /** Newest first; at most `limit` (default 200). */
  list(filter?: { userId?: string; status?: Ticket['status']; limit?: number }): Promise<Ticket[]>;
}

/** The reference of the `seq`th ticket of the shop-local `day` (`yyyymmdd`): `GD20251120-0001`. */
export function ticketRef(day: string, seq: number): string {
  return `GD${day}-${String(seq).padStart(4, '0')}`;
}

/**
 * In-memory {@link Tickets}, numbered per shop-local day like kefu's database store.
 *
 * @example
 * const tickets = new MemoryTickets();
 * await tickets.add({ userId: 'u1', channel: 'web', conversation: 'web:-:c1', text: '想改地址' }, Date.now()); // ref GD…-0001
 */
export class MemoryTickets implements Tickets {
  private readonly tickets: Ticket[] = [];

  constructor(private readonly timeZone = 'Asia/Shanghai') {}

  async add(ticket: NewTicket, now: number): Promise<Ticket> {
    const day = recordDay(now, this.timeZone);
    const seq = this.tickets.filter((t) => t.ref.startsWith(`GD${day}-`)).length + 1;
    const { dueBy, ...rest } = ticket;
    const saved: Ticket = { ...rest, ref: ticketRef(day, seq), status: 'open', createdAt: new Date(now).toISOString() };
    if (dueBy !== undefined) saved.dueBy = new Date(dueBy).toISOString();
    this.tickets.push(saved);
    return { ...saved };
  }

  async list(filter: { userId?: string; status?: Ticket['status']; limit?: number } = {}): Promise<Ticket[]> {
    return this.tickets
      .filter((t) => (!filter.userId || t.userId === filter.userId) && (!filter.status || t.status === filter.status))
      .reverse()
      .slice(0, filter.limit ?? 200)
      .map((t) => ({ ...t }));
  }
}
