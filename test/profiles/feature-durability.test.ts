import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { FeatureSnapshots } from '../../src/profiles/feature-snapshots';
import { FeatureStore } from '../../src/profiles/feature-store';
import { rebuildFeatures } from '../../src/profiles/rebuild-features';
import { createDataSource } from '../../src/store';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

const logger = createLogger({ level: 'silent', name: 'test' });
const day = 86_400_000;

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('feature snapshots and rebuild on %s', (_name, open) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let redis: Redis;
  let prefix: string;
  beforeAll(async () => {
    db = await open();
    dataSource = await createDataSource(db.url, db.schema ? { schema: db.schema } : {});
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(() => {
    redis = new Redis(REDIS);
    prefix = testPrefix();
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('snapshots changed shoppers; after Redis lost them, a rebuild from the stream plus the snapshot gives the same features', async () => {
    const now = Date.now();
    const streams = new EventStreams({ redis, prefix, partitions: 4 });
    const store = new FeatureStore({ redis, prefix });
    const snapshots = new FeatureSnapshots({ store, dataSource, logger });
    const ev = (id: string, type: string, at: number, payload: Record<string, unknown>): KefuEvent => ({
      id,
      type,
      userId: 's1',
      at,
      payload,
    });
    // an old order only the snapshot knows (its stream entry was trimmed), then recent events kept in the stream
    await store.apply([ev('old', 'order_paid', now - 100 * day, { orderId: 'o0', amount: 800 })]);
    expect(await snapshots.flush(now)).toBe(1);
    const recent = [
      ev('r1', 'product_view', now - 60_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('r2', 'product_view', now - 30_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('r3', 'order_paid', now - 10_000, { orderId: 'o1', amount: 599, channel: 'web' }),
    ];
    await streams.add(recent.map((event) => ({ event, outreachDone: false })));
    await streams.add([{ event: { ...recent[0]!, id: 'other', userId: 's2' }, outreachDone: false }]);
    await store.apply(recent);
    const before = await store.features('s1', now);
    expect(before).toMatchObject({ product_view_10m: 2, total_spent: 1399, orders_365d: 2, rfm: '重要价值客户' });
    expect(await snapshots.flush(now)).toBe(1);
    const row = await snapshots.load('s1');
    expect(row?.raw.state['spent']).toBe('139900');

    await store.forget('s1'); // Redis lost the shopper's features
    expect((await store.features('s1', now)).total_spent).toBe(0);
    const report = await rebuildFeatures({ store, streams, snapshots }, 's1');
    expect(report).toEqual({ userId: 's1', replayed: 3, fromSnapshot: true });
    expect(await store.features('s1', now)).toEqual(before);
  });
});
