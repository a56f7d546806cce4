/** One request the bot took down for the shop's staff (invoice, complaint). */
export interface ServiceRecord {
  ref: string;
  kind: 'invoice' | 'complaint';
  userId: string;
  createdAt: string;
  data: Record<string, string>;
}

/** Where invoice requests and complaints are recorded. The default keeps them in memory. */
export interface ServiceRecords {
  add(kind: ServiceRecord['kind'], userId: string, data: Record<string, string>, now: number): Promise<ServiceRecord>;
  list(userId?: string): Promise<ServiceRecord[]>;
}

const PREFIX: Record<ServiceRecord['kind'], string> = { invoice: 'FP', complaint: 'TS' };

/**
 * In-memory {@link ServiceRecords}; references look like `FP20251120-0001` (发票) or `TS20251120-0001` (投诉).
 */
export class MemoryServiceRecords implements ServiceRecords {
  private readonly records: ServiceRecord[] = [];

  async add(kind: ServiceRecord['kind'], userId: string, data: Record<string, string>, now: number): Promise<ServiceRecord> {
    const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    const seq = this.records.filter((r) => r.kind === kind).length + 1;
    const record: ServiceRecord = {
      ref: `${PREFIX[kind]}${day}-${String(seq).padStart(4, '0')}`,
      kind,
      userId,
      createdAt: new Date(now).toISOString(),
      data: { ...data },
    };
    this.records.push(record);
    return { ...record, data: { ...record.data } };
  }

  async list(userId?: string): Promise<ServiceRecord[]> {
    return this.records.filter((r) => !userId || r.userId === userId).map((r) => ({ ...r, data: { ...r.data } }));
  }
}
