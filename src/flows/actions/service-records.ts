/** One request the bot took down for the shop's staff (invoice, complaint, return). */
export interface ServiceRecord {
  /** `FP20251120-0001` (发票), `TS20251120-0001` (投诉) or `TH20251120-0001` (退货): the number the shopper is told. */
  ref: string;
  kind: 'invoice' | 'complaint' | 'return';
  userId: string;
  /** `open` until staff mark it `done`. */
  status: ServiceRecordStatus;
  createdAt: string;
  data: Record<string, string>;
}

/** Where a record stands. */
export type ServiceRecordStatus = 'open' | 'done';

/** Which records {@link ServiceRecords.list} returns (all given filters apply), newest first. */
export interface ServiceRecordFilter {
  userId?: string;
  kind?: ServiceRecord['kind'];
  status?: ServiceRecordStatus;
  /** At most this many. @defaultValue 200 */
  limit?: number;
}

/** Where invoice requests and complaints are recorded (kefu keeps them in its database; tests may use memory). */
export interface ServiceRecords {
  add(kind: ServiceRecord['kind'], userId: string, data: Record<string, string>, now: number): Promise<ServiceRecord>;
  list(filter?: ServiceRecordFilter): Promise<ServiceRecord[]>;
  /** Sets a record's status; undefined when no record has that reference. */
  setStatus(ref: string, status: ServiceRecordStatus, now: number): Promise<ServiceRecord | undefined>;
}

const PREFIX: Record<ServiceRecord['kind'], string> = { invoice: 'FP', complaint: 'TS', return: 'TH' };

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The shop-local day `yyyymmdd` of `now` in `timeZone` (an IANA name such as Asia/Shanghai). */
export function recordDay(now: number, timeZone: string): string {
  let format = dayFormats.get(timeZone); // one formatter per zone: building one costs far more than using it
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}

/** The reference of the `seq`th record of `kind` on `day`: `FP20251120-0001`. */
export function recordRef(kind: ServiceRecord['kind'], day: string, seq: number): string {
  return `${PREFIX[kind]}${day}-${String(seq).padStart(4, '0')}`;
}

/** Splits a reference back into kind, day and sequence; undefined when it is not one. */
export function parseRecordRef(ref: string): { kind: ServiceRecord['kind']; day: string; seq: number } | undefined {
  const m = /^(FP|TS|TH)(\d{8})-(\d{4,9})$/.exec(ref);
  if (!m) return undefined;
  const kind = (Object.keys(PREFIX) as ServiceRecord['kind'][]).find((k) => PREFIX[k] === m[1])!;
  return { kind, day: m[2]!, seq: Number(m[3]) };
}

/**
 * In-memory {@link ServiceRecords} (tests and tools; kefu itself keeps them in the database with
 * TypeormServiceRecords). References look like `FP20251120-0001` (发票), `TS20251120-0001` (投诉) or `TH20251120-0001` (退货).
 */
export class MemoryServiceRecords implements ServiceRecords {
  private readonly records: ServiceRecord[] = [];

  constructor(private readonly timeZone = 'Asia/Shanghai') {}

  async add(kind: ServiceRecord['kind'], userId: string, data: Record<string, string>, now: number): Promise<ServiceRecord> {
    const day = recordDay(now, this.timeZone);
    const seq = this.records.filter((r) => r.kind === kind && parseRecordRef(r.ref)?.day === day).length + 1;
    const record: ServiceRecord = {
      ref: recordRef(kind, day, seq),
      kind,
      userId,
      status: 'open',
      createdAt: new Date(now).toISOString(),
      data: { ...data },
    };
    this.records.push(record);
    return copy(record);
  }

  async list(filter: ServiceRecordFilter = {}): Promise<ServiceRecord[]> {
    return this.records
      .filter((r) => (!filter.userId || r.userId === filter.userId) && (!filter.kind || r.kind === filter.kind))
      .filter((r) => !filter.status || r.status === filter.status)
      .reverse()
      .slice(0, filter.limit ?? 200)
      .map(copy);
  }

  async setStatus(ref: string, status: ServiceRecordStatus): Promise<ServiceRecord | undefined> {
    const record = this.records.find((r) => r.ref === ref);
    if (!record) return undefined;
    record.status = status;
    return copy(record);
  }
}

function copy(record: ServiceRecord): ServiceRecord {
  return { ...record, data: { ...record.data } };
}
