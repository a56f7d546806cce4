/**
 * The turn's hot reads (src/store/plain-reads.ts) on SQLite, PostgreSQL and MariaDB: rows come back exactly as
 * typeorm's `find` returns them (dates, booleans, JSON, NULLs, an explicit foreign-key column), `IN` lists, order and
 * limit work, and the SQL text depends on the query's shape only (so the driver reuses its prepared statement).
 */
import type { DataSource, Logger as TypeormLogger } from 'typeorm';
import { createDataSource } from '../../src/store';
import { ChannelIdentityEntity } from '../../src/store/entities/channel-identity.entity';
import { DemoCouponEntity } from '../../src/store/entities/demo-coupon.entity';
import { UserEntity } from '../../src/store/entities/user.entity';
import { selectOne, selectWhere } from '../../src/store/plain-reads';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';

/** The SQL texts the data source sends while `fn` runs (typeorm calls its logger for each statement). */
async function statementsOf(ds: DataSource, fn: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = [];
  const logger: TypeormLogger = {
    logQuery: (query) => void sql.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const holder = ds as unknown as { logger: TypeormLogger };
  const before = holder.logger;
  holder.logger = logger;
  try {
    await fn();
  } finally {
    holder.logger = before;
  }
  return sql;
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('plain reads on %s', (_name, open) => {
  let db: TestDatabase;
  let ds: DataSource;
  const created = new Date('2026-12-06T01:02:03.456Z');
  beforeAll(async () => {
    db = await open();
    ds = await createDataSource(db.url, { schema: db.schema });
    await ds.manager.insert(UserEntity, [
      {
        id: 'pr-u1',
        displayName: '小王',
        isNew: false,
        attributes: { city: '杭州', vip: true },
        tags: ['老客', 'vip'],
        optedOut: true,
        createdAt: created,
        lastSeenAt: created,
        orderCount: 3,
        firstOrderAt: created,
      },
      { id: 'pr-u2', displayName: null, isNew: true, attributes: {}, tags: [], optedOut: false, createdAt: created, lastSeenAt: created },
    ]);
    await ds.manager.insert(ChannelIdentityEntity, { channel: 'web', externalId: 'b-1', userId: 'pr-u1', createdAt: created });
    for (const [seq, templateId] of [
      [12, 'T_B'],
      [11, 'T_A'],
    ] as const) {
      await ds.manager.insert(DemoCouponEntity, {
        seq,
        code: `C${seq}`,
        userId: 'pr-u1',
        templateId,
        data: { code: `C${seq}`, amount: 20 },
        createdAt: created,
      });
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('returns the rows typeorm’s find returns: dates, booleans, JSON, NULLs and a foreign-key column', async () => {
    for (const id of ['pr-u1', 'pr-u2']) {
      const plain = await selectOne(ds.manager, UserEntity, { id });
      const typeorm = await ds.manager.findOneBy(UserEntity, { id });
      expect(plain).toBeInstanceOf(UserEntity);
      expect(plain).toEqual(typeorm);
    }
    const identity = await selectOne(ds.manager, ChannelIdentityEntity, { channel: 'web', externalId: 'b-1' });
    expect(identity).toEqual(await ds.manager.findOneBy(ChannelIdentityEntity, { channel: 'web', externalId: 'b-1' }));
    expect(identity?.userId).toBe('pr-u1');
    expect(await selectOne(ds.manager, UserEntity, { id: 'nobody' })).toBeUndefined();
  });

  it('matches lists with IN, sorts, limits, and sends no statement for an empty list', async () => {
    const users = await selectWhere(ds.manager, UserEntity, { id: ['pr-u2', 'pr-u1', 'nobody'] }, { orderBy: 'id' });
    expect(users.map((u) => u.id)).toEqual(['pr-u1', 'pr-u2']);
    const coupons = await selectWhere(ds.manager, DemoCouponEntity, { userId: 'pr-u1' }, { orderBy: 'seq' });
    expect(coupons.map((c) => [c.seq, c.templateId, c.data])).toEqual([
      [11, 'T_A', { code: 'C11', amount: 20 }],
      [12, 'T_B', { code: 'C12', amount: 20 }],
    ]);
    expect(await selectWhere(ds.manager, DemoCouponEntity, { userId: 'pr-u1' }, { orderBy: 'seq', limit: 1 })).toHaveLength(1);
    expect(await statementsOf(ds, () => selectWhere(ds.manager, UserEntity, { id: [] }))).toEqual([]);
  });

  it('sends one SQL text per query shape whatever the values', async () => {
    const sql = await statementsOf(ds, async () => {
      await selectOne(ds.manager, UserEntity, { id: 'pr-u1' });
      await selectOne(ds.manager, UserEntity, { id: 'pr-u2' });
      await selectWhere(ds.manager, UserEntity, { id: ['pr-u1', 'pr-u2'] });
      await selectWhere(ds.manager, UserEntity, { id: ['a', 'b'] });
    });
    expect(sql).toHaveLength(4);
    expect(sql[0]).toBe(sql[1]);
    expect(sql[2]).toBe(sql[3]);
    expect(sql[0]).not.toContain('pr-u');
  });

  it('refuses a NULL or an unknown property, saying what to do instead', async () => {
    await expect(selectWhere(ds.manager, UserEntity, { displayName: null })).rejects.toThrow(/IsNull\(\)/);
    await expect(selectWhere(ds.manager, UserEntity, { identities: [] } as never)).rejects.toThrow(/own column properties/);
  });
});
