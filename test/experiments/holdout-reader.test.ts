import type { DataSource } from 'typeorm';
import { HoldoutLogReader } from '../../src/experiments/holdout-reader';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { createDataSource } from '../../src/store/data-source';
import { OrderAttributionEntity } from '../../src/store/entities';
import { TypeormOrderLedger } from '../../src/store/typeorm-order-ledger';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

jest.setTimeout(60_000);

const T0 = Date.parse('2025-11-20T02:00:00.000Z');
const H = 3_600_000;

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
] as const)('holdout log reader on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await makeDb();
    ds = await createDataSource(db.url, db.schema ? { schema: db.schema } : {});
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it("reads the trigger's log rows and its shoppers' paid orders (ledger and attribution, no assisted, no cancelled)", async () => {
    const log = new OutreachLog(ds);
    const entry = (trigger: string, userId: string, status: 'sent' | 'suppressed', at: number, reason?: string) =>
      log.record({
        key: `${trigger}:${userId}@1`,
        jobId: `${trigger}:${userId}`,
        triggerId: trigger,
        userId,
        kind: 'marketing',
        status,
        at,
        ...(reason ? { reason } : {}),
      });
    await entry('nudge', 'h1', 'suppressed', T0, 'holdout');
    await entry('nudge', 's1', 'sent', T0 + H);
    await entry('other', 'o1', 'sent', T0);
    const ledger = new TypeormOrderLedger(ds);
    await ledger.record('h1', [{ orderId: 'O1', paidAt: new Date(T0 + 2 * H).toISOString() }]);
    await ledger.record('s1', [
      { orderId: 'O2', paidAt: new Date(T0 + 3 * H).toISOString(), cancelledAt: new Date(T0 + 4 * H).toISOString() },
    ]);
    await ledger.record('o1', [{ orderId: 'O3', paidAt: new Date(T0 + 2 * H).toISOString() }]);
    const credits = ds.getRepository(OrderAttributionEntity);
    const credit = (orderId: string, userId: string, kind: string, at: number) =>
      credits.insert({ orderId, userId, amount: 10, credit: kind, paidAt: new Date(at), createdAt: new Date(at) });
    await credit('O1', 'h1', 'product', T0 + 2 * H); // the same order in both tables counts once
    await credit('O4', 's1', 'outreach', T0 + 5 * H);
    await credit('O5', 's1', 'assisted', T0 + 6 * H);

    const { rows, orders } = await new HoldoutLogReader(ds).read('nudge');
    expect(rows.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
      { userId: 'h1', status: 'suppressed', reason: 'holdout', at: T0 },
      { userId: 's1', status: 'sent', reason: null, at: T0 + H, sentAt: T0 + H },
    ]);
    expect(orders.sort((a, b) => a.at - b.at)).toEqual([
      { userId: 'h1', at: T0 + 2 * H },
      { userId: 's1', at: T0 + 5 * H },
    ]);
  });
});
