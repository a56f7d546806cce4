import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/store/data-source';
import { TypeormTickets } from '../../src/store/ticket-store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';

const DATABASES: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL (127.0.0.1:5432)', postgresDatabase],
  ['MariaDB (127.0.0.1:3306)', mariadbDatabase],
];

describe.each(DATABASES)('tickets (工单) on %s', (_name, prepare) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('numbers tickets per shop-local day, keeps the message as written and the due time, lists newest first', async () => {
    const tickets = new TypeormTickets(ds, 'Asia/Shanghai');
    const evening = Date.parse('2025-11-20T15:30:00Z'); // 23:30 in Shanghai
    const midnight = Date.parse('2025-11-20T16:05:00Z'); // 00:05 the next day there
    const due = Date.parse('2025-11-21T03:00:00Z');
    const text = '地址写错了，请改成 上海市浦东新区XX路88号，电话13812345678 😊';
    const a = await tickets.add({ userId: 'u-t1', channel: 'web', conversation: 'web:-:c-t1', text, dueBy: due }, evening);
    const b = await tickets.add({ userId: 'u-t2', channel: 'web', conversation: 'web:-:c-t2', text: '发票重开' }, evening + 1000);
    const c = await tickets.add({ userId: 'u-t1', channel: 'cli', conversation: 'cli:-:c-t1', text: '还在吗' }, midnight);
    expect([a.ref, b.ref, c.ref]).toEqual(['GD20251120-0001', 'GD20251120-0002', 'GD20251121-0001']);
    expect(a).toEqual({
      ref: 'GD20251120-0001',
      userId: 'u-t1',
      channel: 'web',
      conversation: 'web:-:c-t1',
      text,
      status: 'open',
      createdAt: new Date(evening).toISOString(),
      dueBy: new Date(due).toISOString(),
    });
    expect(b.dueBy).toBeUndefined();
    expect((await tickets.list({ userId: 'u-t1' })).map((t) => [t.ref, t.text])).toEqual([
      ['GD20251121-0001', '还在吗'],
      ['GD20251120-0001', text],
    ]);
    expect((await tickets.list({ status: 'open', limit: 2 })).map((t) => t.ref)).toEqual(['GD20251121-0001', 'GD20251120-0002']);
  });

  it('gives concurrent tickets distinct numbers, also across connections', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const stores = [ds, ...others].map((d) => new TypeormTickets(d, 'Asia/Shanghai'));
      const at = Date.parse('2025-12-12T04:00:00Z');
      const made = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          stores[i % stores.length]!.add({ userId: `u-r${i}`, channel: 'web', conversation: `web:-:r${i}`, text: `留言${i}` }, at),
        ),
      );
      expect(made.map((t) => t.ref).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `GD20251212-000${i + 1}`));
    } finally {
      for (const o of others) await o.destroy();
    }
  });
});
