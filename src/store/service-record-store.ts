import type { DataSource, EntityManager } from 'typeorm';
import {
  parseRecordRef,
  recordDay,
  recordRef,
  type ServiceRecord,
  type ServiceRecordFilter,
  type ServiceRecords,
  type ServiceRecordStatus,
} from '../flows/actions/service-records';
import { ServiceRecordEntity } from './entities/service-record.entity';
import { isRetryableConflict, isUniqueViolation, StoreRunner } from './store-runner';

const MAX_ATTEMPTS = 8;

function toRecord(row: ServiceRecordEntity): ServiceRecord {
  return {
    ref: recordRef(row.kind as ServiceRecord['kind'], row.day, row.seq),
    kind: row.kind as ServiceRecord['kind'],
    userId: row.userId,
    status: row.status as ServiceRecordStatus,
    createdAt: row.createdAt.toISOString(),
    data: { ...row.data },
  };
}

/**
 * Invoice requests and complaints in the database (table `kefu_service_record`), so staff find them after a
 * restart and every kefu process numbers them in one sequence per kind and shop-local day: two processes that
 * take the same number race on the unique index and the loser takes the next.
 *
 * @example
 * const records = new TypeormServiceRecords(dataSource, 'Asia/Shanghai');
 * const r = await records.add('complaint', userId, { text: '快递三天没动' }, Date.now()); // r.ref 'TS20251120-0001'
 * await records.setStatus(r.ref, 'done', Date.now());
 */
export class TypeormServiceRecords implements ServiceRecords {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly timeZone = 'Asia/Shanghai',
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async add(kind: ServiceRecord['kind'], userId: string, data: Record<string, string>, now: number): Promise<ServiceRecord> {
    const day = recordDay(now, this.timeZone);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const row = await this.runner.transaction(async (em) => {
          const seq = (await this.lastSeq(em, kind, day)) + 1;
          const at = new Date(now);
          return em.save(
            em.create(ServiceRecordEntity, { kind, day, seq, userId, status: 'open', data: { ...data }, createdAt: at, updatedAt: at }),
          );
        });
        return toRecord(row);
      } catch (err) {
        if (!isUniqueViolation(err) && !isRetryableConflict(err)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  async list(filter: ServiceRecordFilter = {}): Promise<ServiceRecord[]> {
    const where: Partial<Pick<ServiceRecordEntity, 'userId' | 'kind' | 'status'>> = {};
    if (filter.userId) where.userId = filter.userId;
    if (filter.kind) where.kind = filter.kind;
    if (filter.status) where.status = filter.status;
    const rows = await this.runner.read((em) =>
      em.find(ServiceRecordEntity, { where, order: { createdAt: 'DESC', id: 'DESC' }, take: Math.min(1000, filter.limit ?? 200) }),
    );
    return rows.map(toRecord);
  }

  async setStatus(ref: string, status: ServiceRecordStatus, now: number): Promise<ServiceRecord | undefined> {
    const key = parseRecordRef(ref);
    if (!key) return undefined;
    return this.runner.transaction(async (em) => {
      const row = await em.findOne(ServiceRecordEntity, { where: { kind: key.kind, day: key.day, seq: key.seq } });
      if (!row) return undefined;
      row.status = status;
      row.updatedAt = new Date(now);
      return toRecord(await em.save(row));
    });
  }

  private async lastSeq(em: EntityManager, kind: string, day: string): Promise<number> {
    const result = await em
      .createQueryBuilder(ServiceRecordEntity, 'r')
      .select('MAX(r.seq)', 'max')
      .where('r.kind = :kind AND r.day = :day', { kind, day })
      .getRawOne<{ max: number | string | null }>();
    return Number(result?.max ?? 0);
  }
}
