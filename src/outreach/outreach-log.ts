import { Between, type DataSource, type Repository } from 'typeorm';
import { OutreachLogEntity } from '../store/entities/outreach-log.entity';
import { selectOne } from '../store/plain-reads';
import { insertRows, updateById } from '../store/plain-writes';
import type { OutreachLogEntry, OutreachLogSink } from './log-sink';

const RANK: Record<string, number> = { scheduled: 0, suppressed: 1, sent: 1, failed: 1, converted: 2 };

/**
 * The outreach log over typeorm (table `kefu_outreach_log`; register OutreachLogEntity and the
 * `Outreach1760000000400` migration in the DataSource). Status never moves backwards
 * (a late `scheduled` write does not undo `sent`).
 *
 * @example
 * const log = new OutreachLog(dataSource);
 * await log.attributeConversion('u1', 'o1', Date.now(), 72 * 3_600_000);
 */
export class OutreachLog implements OutreachLogSink {
  private readonly repo: Repository<OutreachLogEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(OutreachLogEntity);
  }

  async record(e: OutreachLogEntry): Promise<void> {
    const at = new Date(e.at);
    const em = this.repo.manager;
    // plain statements (src/store/plain-reads.ts, plain-writes.ts): repo.save wrapped its one INSERT or UPDATE in a
    // transaction and read the row again to diff it; the UPDATE writes only the columns this entry sets
    const found = await selectOne(em, OutreachLogEntity, { key: e.key });
    if (found && (RANK[e.status] ?? 0) < (RANK[found.status] ?? 0)) return;
    const changes: Partial<OutreachLogEntity> = {
      status: e.status,
      reason: e.reason ?? found?.reason ?? null,
      channel: e.channel ?? found?.channel ?? null,
      updatedAt: at,
    };
    if (e.status === 'scheduled') {
      changes.scheduledAt = at;
      changes.dueAt = e.dueAt !== undefined ? new Date(e.dueAt) : null;
    }
    if (e.status === 'sent') changes.sentAt = at;
    if (found) return updateById(em, OutreachLogEntity, found.id, changes);
    const fresh = { orderId: null, scheduledAt: null, dueAt: null, sentAt: null, convertedAt: null, ...changes };
    await insertRows(em, OutreachLogEntity, [
      { key: e.key, jobId: e.jobId, triggerId: e.triggerId, userId: e.userId, kind: e.kind, ...fresh },
    ]);
  }

  async attributeConversion(userId: string, orderId: string, paidAt: number, windowMs: number): Promise<string | undefined> {
    if (orderId) {
      // the same order again (a re-sent event): the message it converted before, not a second one
      const before = await this.repo.findOne({ where: { userId, status: 'converted', orderId } });
      if (before) return before.key;
    }
    const row = await this.repo.findOne({
      where: { userId, status: 'sent', sentAt: Between(new Date(paidAt - windowMs), new Date(paidAt)) },
      order: { sentAt: 'DESC' },
    });
    if (!row) return undefined;
    row.status = 'converted';
    row.orderId = orderId || null;
    row.convertedAt = new Date(paidAt);
    row.updatedAt = new Date(paidAt);
    await this.repo.save(row);
    return row.key;
  }

  /** Rows of one user, newest first (admin views, tests). */
  listForUser(userId: string, limit = 50): Promise<OutreachLogEntity[]> {
    return this.repo.find({ where: { userId }, order: { id: 'DESC' }, take: limit });
  }

  /** Counts by status and reason since `since` (dashboards). */
  async summary(since: Date): Promise<{ status: string; reason: string | null; count: number }[]> {
    const rows = await this.repo
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('o.reason', 'reason')
      .addSelect('COUNT(*)', 'count')
      .where('o.updated_at >= :since', { since })
      .groupBy('o.status')
      .addGroupBy('o.reason')
      .getRawMany<{ status: string; reason: string | null; count: string | number }>();
    return rows.map((r) => ({ status: r.status, reason: r.reason, count: Number(r.count) }));
  }
}
