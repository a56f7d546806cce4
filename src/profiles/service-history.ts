import { In, MoreThanOrEqual } from 'typeorm';
import { ServiceRecordEntity } from '../store/entities/service-record.entity';
import { ServiceSessionEntity } from '../store/entities/service-session.entity';
import { SurveyResponseEntity } from '../store/entities/survey-response.entity';
import { TicketEntity } from '../store/entities/ticket.entity';
import type { StoreRunner } from '../store/store-runner';

/**
 * What kefu knows of one shopper's service history, read by tag rules as `service.*` (docs/profiles.md):
 * service sessions (一次咨询) and their outcomes, satisfaction answers, complaints, invoice and return requests, messages left.
 * Counts are 0 and single values null when there is nothing.
 */
export interface ServiceSummary {
  /** Service sessions in the last 30 / 90 days. */
  sessions_30d: number;
  sessions_90d: number;
  /** The shopper's messages in the sessions of the last 30 days. */
  messages_30d: number;
  /** The doors (channel adapter names, e.g. `web`, `wechat-official`) of the sessions of the last 90 days, each once. */
  channels_90d: string[];
  /** Sessions of the last 90 days handed to a human (转人工). */
  handoffs_90d: number;
  /** Sessions of the last 90 days labelled unresolved / abandoned; reopened within 24 h about the same topic. */
  unresolved_90d: number;
  abandoned_90d: number;
  reopened_90d: number;
  /** Whole days since the latest session; null: never served. */
  days_since_last_session: number | null;
  /**
   * What the sessions of the last 90 days were about, each once: a session's topic is the flow it started (e.g.
   * `logistics`, `returns`), else the intent recognised (e.g. `stock_availability`); small talk gives none.
   */
  topics_90d: string[];
  /** In how many sessions of the last 90 days each topic came up (`topic_sessions_90d.logistics >= 2`: 常问物流). */
  topic_sessions_90d: Record<string, number>;
  /** The latest CSAT (1–5) and NPS (0–10) answers; null: never answered. */
  csat_last: number | null;
  nps_last: number | null;
  /** CSAT answers of the last 365 days and how many of them were 1–2 (差评). */
  csat_count: number;
  csat_low_count: number;
  /** Complaints (投诉) ever taken down, and those staff have not marked done. */
  complaints_total: number;
  complaints_open: number;
  /** Invoice requests (发票). */
  invoices_total: number;
  /** Return requests (退货申请, `TH…`) ever taken down, and those staff have not marked done. */
  returns_total: number;
  returns_open: number;
  /** Messages left for staff (留言/工单) ever, and those still open. */
  tickets_total: number;
  tickets_open: number;
}

/** The names of {@link ServiceSummary}, for checking rules. */
export const SERVICE_SUMMARY_NAMES: readonly (keyof ServiceSummary)[] = [
  'sessions_30d',
  'sessions_90d',
  'messages_30d',
  'channels_90d',
  'handoffs_90d',
  'unresolved_90d',
  'abandoned_90d',
  'reopened_90d',
  'days_since_last_session',
  'topics_90d',
  'topic_sessions_90d',
  'csat_last',
  'nps_last',
  'csat_count',
  'csat_low_count',
  'complaints_total',
  'complaints_open',
  'invoices_total',
  'returns_total',
  'returns_open',
  'tickets_total',
  'tickets_open',
];

/** The {@link ServiceSummary} names whose value is an object keyed by data (`service.topic_sessions_90d.logistics`). */
export const KEYED_SERVICE_NAMES: readonly (keyof ServiceSummary)[] = ['topic_sessions_90d'];

/** Reads service-history summaries, many shoppers at once. */
export interface ServiceHistoryReader {
  summaries(userIds: readonly string[], now: number): Promise<Map<string, ServiceSummary>>;
}

const DAY = 86_400_000;

/** An empty history (a shopper kefu never served). */
export function emptyServiceSummary(): ServiceSummary {
  return {
    sessions_30d: 0,
    sessions_90d: 0,
    messages_30d: 0,
    channels_90d: [],
    handoffs_90d: 0,
    unresolved_90d: 0,
    abandoned_90d: 0,
    reopened_90d: 0,
    days_since_last_session: null,
    topics_90d: [],
    topic_sessions_90d: Object.create(null) as Record<string, number>,
    csat_last: null,
    nps_last: null,
    csat_count: 0,
    csat_low_count: 0,
    complaints_total: 0,
    complaints_open: 0,
    invoices_total: 0,
    returns_total: 0,
    returns_open: 0,
    tickets_total: 0,
    tickets_open: 0,
  };
}

/**
 * Service-history summaries from the database: four indexed reads per batch of shoppers (sessions of the last 90 days,
 * surveys of the last 365 days, service records, tickets), whatever the batch size (keep it ≤ 500 for the IN list).
 *
 * @example
 * const history = new TypeormServiceHistory(runner);
 * (await history.summaries(['u-1'], Date.now())).get('u-1')?.handoffs_90d; // 2
 */
export class TypeormServiceHistory implements ServiceHistoryReader {
  constructor(private readonly runner: StoreRunner) {}

  async summaries(userIds: readonly string[], now: number): Promise<Map<string, ServiceSummary>> {
    const out = new Map(userIds.map((id) => [id, emptyServiceSummary()]));
    if (userIds.length === 0) return out;
    const ids = [...new Set(userIds)];
    await this.sessions(ids, now, out);
    await this.surveys(ids, now, out);
    await this.records(ids, out);
    await this.tickets(ids, out);
    return out;
  }

  private async sessions(ids: string[], now: number, out: Map<string, ServiceSummary>): Promise<void> {
    const rows = await this.runner.read((em) =>
      em.find(ServiceSessionEntity, {
        select: {
          userId: true,
          lastAt: true,
          channel: true,
          messages: true,
          handedOff: true,
          outcome: true,
          reopened: true,
          topic: true,
        },
        where: { userId: In(ids), lastAt: MoreThanOrEqual(new Date(now - 90 * DAY)) },
      }),
    );
    for (const row of rows) {
      const s = out.get(row.userId ?? '');
      if (!s) continue;
      const at = new Date(row.lastAt).getTime();
      s.sessions_90d += 1;
      if (at >= now - 30 * DAY) {
        s.sessions_30d += 1;
        s.messages_30d += Number(row.messages) || 0;
      }
      if (row.channel && !s.channels_90d.includes(row.channel)) s.channels_90d.push(row.channel);
      s.handoffs_90d += Number(row.handedOff) ? 1 : 0;
      s.unresolved_90d += row.outcome === 'unresolved' ? 1 : 0;
      s.abandoned_90d += row.outcome === 'abandoned' ? 1 : 0;
      s.reopened_90d += Number(row.reopened) ? 1 : 0;
      const days = Math.max(0, Math.floor((now - at) / DAY));
      s.days_since_last_session = s.days_since_last_session === null ? days : Math.min(s.days_since_last_session, days);
      if (!row.topic) continue;
      if (!s.topics_90d.includes(row.topic)) s.topics_90d.push(row.topic);
      s.topic_sessions_90d[row.topic] = (s.topic_sessions_90d[row.topic] ?? 0) + 1;
    }
  }

  private async surveys(ids: string[], now: number, out: Map<string, ServiceSummary>): Promise<void> {
    const rows = await this.runner.read((em) =>
      em.find(SurveyResponseEntity, {
        select: { userId: true, kind: true, score: true, createdAt: true },
        where: { userId: In(ids), createdAt: MoreThanOrEqual(new Date(now - 365 * DAY)) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
    for (const row of rows) {
      const s = out.get(row.userId);
      if (!s) continue;
      const score = Number(row.score);
      if (row.kind === 'nps') s.nps_last = score;
      if (row.kind !== 'csat') continue;
      s.csat_last = score; // rows come oldest first: the last one wins
      s.csat_count += 1;
      s.csat_low_count += score <= 2 ? 1 : 0;
    }
  }

  private async records(ids: string[], out: Map<string, ServiceSummary>): Promise<void> {
    const rows = await this.runner.read((em) =>
      em.find(ServiceRecordEntity, { select: { userId: true, kind: true, status: true }, where: { userId: In(ids) } }),
    );
    for (const row of rows) {
      const s = out.get(row.userId);
      if (!s) continue;
      const open = row.status === 'open' ? 1 : 0;
      if (row.kind === 'invoice') s.invoices_total += 1;
      if (row.kind === 'return') {
        s.returns_total += 1;
        s.returns_open += open;
      }
      if (row.kind !== 'complaint') continue;
      s.complaints_total += 1;
      s.complaints_open += open;
    }
  }

  private async tickets(ids: string[], out: Map<string, ServiceSummary>): Promise<void> {
    const rows = await this.runner.read((em) =>
      em.find(TicketEntity, { select: { userId: true, status: true }, where: { userId: In(ids) } }),
    );
    for (const row of rows) {
      const s = out.get(row.userId);
      if (!s) continue;
      s.tickets_total += 1;
      s.tickets_open += row.status === 'open' ? 1 : 0;
    }
  }
}
