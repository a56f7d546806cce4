import { conversationKey } from '../../core/message';
import type { ActionHandler } from '../engine-types';
import { reqString } from './args';
import type { Tickets } from './tickets';

/**
 * `ticket.create { text }`: keeps the shopper's message for staff when no human can answer now (工单/留言), due
 * within the flows' `ticket_reply_minutes` of service time, and shows the conversation as "message left".
 * Result: `{ ref, due }`, e.g. `{ ref: 'GD20251120-0001', due: '明天 11:00' }`.
 */
export function ticketCreate(tickets: Tickets): ActionHandler {
  return async (args, ctx) => {
    const text = reqString(args, 'text', 'ticket.create').slice(0, 2000);
    const dueBy = ctx.service?.ticketDueAt;
    const ticket = await tickets.add(
      { userId: ctx.user.id, channel: ctx.ref.channel, conversation: conversationKey(ctx.ref), text, ...(dueBy !== undefined ? { dueBy } : {}) },
      ctx.now,
    );
    ctx.setStatus?.('ticket');
    return { ref: ticket.ref, due: ctx.service?.ticketDue ?? '' };
  };
}
