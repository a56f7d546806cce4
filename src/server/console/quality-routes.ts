import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../../core/errors';
import { maskPersonalData } from '../../core/privacy';
import { OUTCOMES, type Outcome } from '../../quality/outcome';
import type { QualitySessionPage, QualitySessionQuery } from '../../store/quality-session-store';
import { kpiPeriod } from '../kpi-period';
import type { ConsoleGuard } from './console-guard';
import { firstOfRecentDays } from './console-kpi-routes';
import { maskShopperId } from './mask-shopper';

/** What {@link registerQualityRoutes} needs. */
export interface QualityRouteDeps {
  sessions: { list(query: QualitySessionQuery): Promise<QualitySessionPage> };
  /** The title of a served flow (`logistics` → 物流查询), to read signals by. */
  flowTitle(id: string): string | undefined;
  /** Dates without a time are midnight here (KEFU_TIMEZONE). */
  timeZone: string;
  now?: () => number;
}

/** Rows per page at most. */
export const MAX_PAGE_SIZE = 100;

const query = z
  .object({
    from: z.string().min(1).max(40).optional(),
    to: z.string().min(1).max(40).optional(),
    days: z.string().max(10).optional(),
    door: z.string().min(1).max(64).optional(),
    outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]]).optional(),
    page: z.coerce.number().int().min(1).max(100_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();

/** Signals whose value is a flow id (`flow_done:logistics`). */
const FLOW_SIGNALS = new Set(['flow_done', 'repeated', 'waiting']);

/**
 * `GET /console/api/quality/sessions?outcome&door&from&to&page&pageSize` (or `days=7` instead of from/to): the
 * labelled service sessions of the period, newest first, with the signals that decided each outcome (docs/kpis.md,
 * "Conversation quality"), for operators and admins (per-session rows with shopper ids: not for marketing, who read
 * the shares in the KPI report). Shopper ids are masked, conversation keys (they hold platform ids) are not sent, a
 * handoff reason in a signal is masked like the conversation log; `flows` gives the titles of the flows the page's
 * signals name, and `handoffId` the inbox conversation to open.
 *
 * @example
 * registerQualityRoutes(app, guard, { sessions: new TypeormQualitySessions(ds), flowTitle, timeZone: 'Asia/Shanghai' });
 * // GET /console/api/quality/sessions?days=7&outcome=unresolved → { total, page, pageSize, sessions: [...], flows: {...} }
 */
export function registerQualityRoutes(app: FastifyInstance, guard: ConsoleGuard, deps: QualityRouteDeps): void {
  app.get('/console/api/quality/sessions', { preHandler: guard.requireRole('operator') }, async (request) => {
    const now = (deps.now ?? Date.now)();
    const parsed = query.safeParse(request.query ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadInputError(
        `Invalid query: ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}.`,
        `pass only from and to (or days), door, outcome (${OUTCOMES.join(', ')}), page and pageSize (1–${MAX_PAGE_SIZE}).`,
      );
    }
    const { days, door, outcome, page = 1, pageSize = 20, ...range } = parsed.data;
    const bounds = days === undefined ? range : { ...range, from: firstOfRecentDays(days, range, deps.timeZone, now) };
    const { from, to } = kpiPeriod(bounds, deps.timeZone, now);
    const found = await deps.sessions.list({
      from,
      to,
      ...(door ? { channel: door } : {}),
      ...(outcome ? { outcome } : {}),
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const flows: Record<string, string> = {};
    const sessions = found.sessions.map((s) => {
      const signals = s.signals.map(shownSignal);
      for (const id of [...signals.flatMap(flowOf), ...(s.topic ? [s.topic] : [])]) {
        const title = deps.flowTitle(id);
        if (title) flows[id] = title;
      }
      return {
        id: s.id,
        door: s.channel,
        day: `${s.day.slice(0, 4)}-${s.day.slice(4, 6)}-${s.day.slice(6, 8)}`,
        startedAt: s.startedAt.toISOString(),
        lastAt: s.lastAt.toISOString(),
        messages: s.messages,
        topic: s.topic,
        shopper: s.userId ? maskShopperId(s.userId) : null,
        outcome: s.outcome,
        signals,
        handoffId: s.handoffId,
      };
    });
    return { from: from.toISOString(), to: to.toISOString(), total: found.total, page, pageSize, sessions, flows };
  });
}

/** `handoff:<reason>` holds what the shopper typed (`{{ message.text }}`): masked like the conversation log. */
function shownSignal(signal: string): string {
  return signal.startsWith('handoff:') ? `handoff:${maskPersonalData(signal.slice('handoff:'.length))}` : signal;
}

function flowOf(signal: string): string[] {
  const colon = signal.indexOf(':');
  return colon > 0 && FLOW_SIGNALS.has(signal.slice(0, colon)) ? [signal.slice(colon + 1)] : [];
}
