import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BadInputError, KefuError } from '../../core/errors';
import type { AgentDesk, DeskOperator } from '../../desk/agent-desk';
import type { DeskEvent, DeskEvents } from '../../desk/desk-events';
import type { HandoffQuery } from '../../desk/handoff-types';
import { MAX_OPERATOR_TEXT } from '../../desk/operator-reply';
import type { OperatorPresence } from '../../desk/operator-presence';
import type { CommerceGateway } from '../../commerce/gateway';
import type { CannedReply } from '../../store/canned-reply-store';
import type { ConsoleGuard } from './console-guard';
import { EventStreams } from './event-stream';
import { detailView, handoffView } from './inbox-views';

/** What the inbox routes need. */
export interface InboxRouteDeps {
  desk: AgentDesk;
  events: Pick<DeskEvents, 'listen'>;
  presence: OperatorPresence;
  canned: {
    list(): Promise<CannedReply[]>;
    add(title: string, text: string, by: string): Promise<CannedReply>;
    remove(id: number): Promise<boolean>;
  };
  commerce: Pick<CommerceGateway, 'searchProducts'>;
  /** Coupon templates operators may send (those the flows issue). */
  couponTemplates(): string[];
  /** How often an open event stream renews its operator's presence and sends a keep-alive. @defaultValue 20 s */
  heartbeatMs?: number;
  now?: () => number;
}

const idParam = z.object({ id: z.coerce.number().int().positive() });
const listQuery = z
  .object({
    status: z.enum(['waiting', 'taken', 'mine', 'open', 'closed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
const operatorMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('text'),
      text: z
        .string()
        .min(1)
        .max(MAX_OPERATOR_TEXT * 2),
    })
    .strict(),
  z.object({ type: z.literal('image'), url: z.string().min(1).max(2048) }).strict(),
  z.object({ type: z.literal('product'), productId: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal('coupon'), templateId: z.string().min(1).max(64) }).strict(),
]);
const replyBody = z.object({ message: operatorMessage, clientId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/) }).strict();
const transferBody = z.object({ to: z.string().min(1).max(64) }).strict();
const closeBody = z.object({ rate: z.boolean().optional() }).strict();
const presenceBody = z.object({ status: z.enum(['online', 'away']) }).strict();
const cannedBody = z.object({ title: z.string().min(1).max(64), text: z.string().min(1).max(2000) }).strict();
const productQuery = z.object({ q: z.string().max(64).optional() }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BadInputError(
      `${what}: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`,
      'see docs/console.md (agent inbox API).',
    );
  }
  return result.data;
}

/**
 * The agent inbox's API under `/console/api/inbox*` (operators and admins; docs/console.md): list, detail, take,
 * reply, transfer, close, canned replies, the operator's 在线/离开 status, and a server-sent event stream of changes
 * (`GET /console/api/inbox/events`) that also keeps its operator online while the inbox is open.
 *
 * @example
 * registerInboxRoutes(app, guard, { desk, events, presence, canned, commerce, couponTemplates });
 */
export function registerInboxRoutes(app: FastifyInstance, guard: ConsoleGuard, deps: InboxRouteDeps): void {
  const now = deps.now ?? Date.now;
  const operatorOnly = { preHandler: guard.requireRole('operator') };
  const me = (request: Parameters<ConsoleGuard['identityOf']>[0]): DeskOperator => {
    const { user } = guard.identityOf(request);
    return { name: user.name, role: user.role };
  };

  app.get('/console/api/inbox', operatorOnly, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const query: HandoffQuery = q.status === 'mine' ? { status: 'taken', operator: me(request).name } : { status: q.status ?? 'open' };
    if (q.limit) query.limit = q.limit;
    const t = now();
    return { items: (await deps.desk.list(query)).map((h) => handoffView(h, t)) };
  });

  app.get('/console/api/inbox/:id', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    return detailView(await deps.desk.detail(id), now());
  });

  app.post('/console/api/inbox/:id/take', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    return { handoff: handoffView(await deps.desk.take(id, me(request)), now()) };
  });

  app.post('/console/api/inbox/:id/reply', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    const body = parse(replyBody, request.body, 'body');
    if (body.message.type === 'coupon' && !deps.couponTemplates().includes(body.message.templateId))
      throw new BadInputError(
        `不能发放优惠券 ${body.message.templateId}：只能发流程里使用的优惠券。Not a coupon template the flows issue.`,
        'pick a template from GET /console/api/inbox-coupons (the coupon.issue templates of the flows).',
      );
    const sent = await deps.desk.reply(id, me(request), body.message, body.clientId);
    return {
      delivered: sent.delivered,
      note: sent.note ?? null,
      message: { id: sent.messageId, at: sent.at, text: sent.text },
    };
  });

  app.post('/console/api/inbox/:id/transfer', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    const { to } = parse(transferBody, request.body, 'body');
    return { handoff: handoffView(await deps.desk.transfer(id, me(request), to), now()) };
  });

  app.post('/console/api/inbox/:id/close', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    const { rate } = parse(closeBody, request.body, 'body');
    return { handoff: handoffView(await deps.desk.close(id, me(request), rate === undefined ? {} : { rate }), now()) };
  });

  app.get('/console/api/inbox-operators', operatorOnly, async () => ({
    operators: (await deps.desk.transferTargets()).map((name) => ({ name, online: false })),
    online: await deps.presence.names(now()),
  }));

  app.get('/console/api/inbox-presence', operatorOnly, async (request) => ({ status: await deps.presence.statusOf(me(request).name) }));

  app.post('/console/api/inbox-presence', operatorOnly, async (request) => {
    const { status } = parse(presenceBody, request.body, 'body');
    await deps.presence.setStatus(me(request).name, status, now());
    return { status };
  });

  app.get('/console/api/inbox-products', operatorOnly, async (request) => {
    const { q } = parse(productQuery, request.query, 'query');
    const products = q?.trim() ? await deps.commerce.searchProducts(q.trim(), 10) : [];
    return { products: products.map((p) => ({ id: p.id, title: p.title, price: p.price, imageUrl: p.imageUrl ?? null })) };
  });

  app.get('/console/api/inbox-coupons', operatorOnly, async () => ({ templates: deps.couponTemplates() }));

  app.get('/console/api/canned-replies', operatorOnly, async () => ({ replies: await deps.canned.list() }));

  app.post('/console/api/canned-replies', operatorOnly, async (request) => {
    const { title, text } = parse(cannedBody, request.body, 'body');
    return { reply: await deps.canned.add(title, text, me(request).name) };
  });

  app.delete('/console/api/canned-replies/:id', operatorOnly, async (request) => {
    const { id } = parse(idParam, request.params, 'path');
    if (!(await deps.canned.remove(id))) throw new KefuError('NOT_FOUND', '没有这条快捷回复。No such canned reply.', 'refresh the list.');
    return { ok: true };
  });

  registerEventStream(app, guard, deps, now);
}

/**
 * `GET /console/api/inbox/events`: text/event-stream of inbox changes; renews the operator's presence while open and
 * while their session lasts (a signed-out or disabled operator's stream ends and they go away).
 */
function registerEventStream(app: FastifyInstance, guard: ConsoleGuard, deps: InboxRouteDeps, now: () => number): void {
  const open = new Map<string, number>(); // operator → open streams in this process
  const streams = new EventStreams(app);
  app.get('/console/api/inbox/events', { preHandler: guard.requireRole('operator') }, async (request, reply) => {
    const { name } = guard.identityOf(request).user;
    let stop = (): void => undefined;
    const heartbeat: { timer?: NodeJS.Timeout } = {};
    open.set(name, (open.get(name) ?? 0) + 1);
    const stream = streams.open(reply, () => {
      if (heartbeat.timer) clearInterval(heartbeat.timer);
      stop();
      const left = (open.get(name) ?? 1) - 1;
      if (left > 0) open.set(name, left);
      else {
        open.delete(name);
        void deps.presence.away(name).catch(() => undefined); // the console closed: no handoffs to this operator
      }
    });
    const renew = async (): Promise<void> => {
      if ((await deps.presence.statusOf(name)) === 'online') await deps.presence.online(name, now());
    };
    await renew().catch(() => undefined);
    if (stream.ended) return; // the browser left during the first round trip
    stop = deps.events.listen((event: DeskEvent) => stream.send('inbox', event));
    heartbeat.timer = setInterval(() => {
      void (async () => {
        if (!(await guard.lookup(request).catch(() => undefined))) return stream.end(); // signed out, disabled or expired
        stream.comment('keep-alive');
        await renew();
      })().catch(() => undefined);
    }, deps.heartbeatMs ?? 20_000);
    heartbeat.timer.unref();
  });
}
