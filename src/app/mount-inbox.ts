import type { FastifyInstance } from 'fastify';
import { couponTemplatesOf } from '../desk/coupon-templates';
import type { ConsoleGuard } from '../server/console/console-guard';
import { registerInboxRoutes } from '../server/console/inbox-routes';
import { TypeormCannedReplies } from '../store/canned-reply-store';
import type { KefuCore } from './create-kefu';

/**
 * Mount the agent inbox's API (`/console/api/inbox*`, canned replies, presence, the live event stream) for signed-in
 * operators and admins (docs/console.md).
 *
 * @example
 * mountInbox(app, guard, core);
 */
export function mountInbox(app: FastifyInstance, guard: ConsoleGuard, core: KefuCore): void {
  registerInboxRoutes(app, guard, {
    desk: core.desk.inbox,
    events: core.desk.events,
    presence: core.desk.presence,
    canned: new TypeormCannedReplies(core.dataSource),
    commerce: core.commerce,
    couponTemplates: () => couponTemplatesOf(core.flows.current()),
  });
}
