import type { OutreachKind } from './job-types';

/** Lifecycle states of one scheduled outreach (one idempotency key). */
export type OutreachStatus = 'scheduled' | 'suppressed' | 'sent' | 'failed' | 'converted';

/** One state change of an outreach. */
export interface OutreachLogEntry {
  /** Idempotency key: one row per scheduled instance. */
  key: string;
  jobId: string;
  triggerId: string;
  userId: string;
  kind: OutreachKind;
  status: OutreachStatus;
  reason?: string;
  channel?: string;
  /** When the state changed (ms). */
  at: number;
  /** For `scheduled`: when it is due (ms). */
  dueAt?: number;
}

/**
 * Where outreach writes its log. `OutreachLog` (typeorm) implements it; `MemoryOutreachLog` is for tests
 * and benchmarks.
 */
export interface OutreachLogSink {
  record(entry: OutreachLogEntry): Promise<void>;
  /**
   * An order was paid: mark the user's latest `sent` outreach within `windowMs` before `paidAt` as converted.
   * Returns the converted key, if any. Idempotent per order: an order already converted returns the same key.
   */
  attributeConversion(userId: string, orderId: string, paidAt: number, windowMs: number): Promise<string | undefined>;
}

/** In-memory log (tests, benchmarks, `kefu chat`). */
export class MemoryOutreachLog implements OutreachLogSink {
  readonly rows = new Map<string, OutreachLogEntry & { sentAt?: number; orderId?: string }>();
  readonly history: OutreachLogEntry[] = [];

  async record(entry: OutreachLogEntry): Promise<void> {
    this.history.push(entry);
    const prev = this.rows.get(entry.key);
    this.rows.set(entry.key, { ...prev, ...entry, sentAt: entry.status === 'sent' ? entry.at : prev?.sentAt });
  }

  async attributeConversion(userId: string, orderId: string, paidAt: number, windowMs: number): Promise<string | undefined> {
    let best: (OutreachLogEntry & { sentAt?: number }) | undefined;
    for (const row of this.rows.values()) {
      if (orderId && row.userId === userId && row.status === 'converted' && row.orderId === orderId) return row.key;
    }
    for (const row of this.rows.values()) {
      if (row.userId !== userId || row.status !== 'sent' || row.sentAt === undefined) continue;
      if (row.sentAt > paidAt || row.sentAt < paidAt - windowMs) continue;
      if (!best || row.sentAt > (best.sentAt ?? 0)) best = row;
    }
    if (!best) return undefined;
    this.rows.set(best.key, { ...best, status: 'converted', orderId, at: paidAt });
    return best.key;
  }
}
