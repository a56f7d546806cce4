/**
 * Return requests (退货申请, `TH…`) in the service history (`service.returns_total`, `service.returns_open`) through the
 * real store on SQLite, PostgreSQL and MariaDB, next to complaints and invoices, and a tag rule that reads them.
 */
import type { DataSource } from 'typeorm';
import type { UserProfile } from '../../src/core/user';
import type { Features } from '../../src/profiles/features';
import { nullFeatures } from '../../src/profiles/feature-names';
import { ProfileTags } from '../../src/profiles/profile-tags';
import { TypeormServiceHistory } from '../../src/profiles/service-history';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';
import { createDataSource } from '../../src/store/data-source';
import { TypeormServiceRecords } from '../../src/store/service-record-store';
import { StoreRunner } from '../../src/store/store-runner';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
/** 2025-11-20 10:00 in Shanghai. */
const NOW = Date.parse('2025-11-20T02:00:00.000Z');

const CATALOGUE = `
groups:
  售后:
    - name: 退货待处理
      when: service.returns_open >= 1
      description: 有退货申请还没处理完
    - name: 常退货
      when: service.returns_total >= 2
      description: 申请过两次以上退货
`;

const shopper = (id: string): UserProfile => ({
  id,
  identities: [],
  isNew: false,
  attributes: {},
  tags: [],
  optedOut: false,
  createdAt: '2025-01-01T00:00:00Z',
  lastSeenAt: '2025-11-20T00:00:00Z',
});

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('return requests in the service history on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let history: TypeormServiceHistory;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    const records = new TypeormServiceRecords(ds, TZ);
    // returner: two returns (one already handled by staff), a complaint and an invoice request
    const first = await records.add('return', 'returner', { orderId: '20251108400001', reason: '大小不合适' }, NOW - 9 * DAY);
    await records.setStatus(first.ref, 'done', NOW - 7 * DAY);
    await records.add('return', 'returner', { orderId: '20251112400002', reason: '不喜欢' }, NOW - DAY);
    await records.add('complaint', 'returner', { text: '快递太慢' }, NOW - 2 * DAY);
    await records.add('invoice', 'returner', { title: '杭州某某科技有限公司' }, NOW - 3 * DAY);
    // complainer: no return, one complaint
    await records.add('complaint', 'complainer', { text: '客服回复慢' }, NOW - DAY);
    history = new TypeormServiceHistory(new StoreRunner(ds));
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('counts return requests, and those staff have not marked done, apart from complaints and invoices', async () => {
    const summaries = await history.summaries(['returner', 'complainer', 'nobody'], NOW);
    const pick = (id: string) => {
      const s = summaries.get(id)!;
      return {
        returns: [s.returns_total, s.returns_open],
        complaints: [s.complaints_total, s.complaints_open],
        invoices: s.invoices_total,
      };
    };
    expect(pick('returner')).toEqual({ returns: [2, 1], complaints: [1, 1], invoices: 1 });
    expect(pick('complainer')).toEqual({ returns: [0, 0], complaints: [1, 1], invoices: 0 });
    expect(pick('nobody')).toEqual({ returns: [0, 0], complaints: [0, 0], invoices: 0 });
  });

  it('lets tag rules read service.returns_total and service.returns_open', async () => {
    const { catalogue, errors } = parseTagCatalogue('profile-tags.yaml', CATALOGUE);
    expect(errors.map((e) => e.message)).toEqual([]);
    const tags = new ProfileTags({
      users: { get: async (id) => shopper(id) },
      features: { features: async () => nullFeatures() as Features },
      history,
      rules: () => ({ catalogue: catalogue!, segments: [], version: 1 }),
      timeZone: TZ,
      now: () => NOW,
    });
    expect((await tags.evaluate('returner')).profileTags).toEqual(expect.arrayContaining(['退货待处理', '常退货']));
    const complainer = (await tags.evaluate('complainer')).profileTags;
    expect(complainer).not.toContain('退货待处理');
    expect(complainer).not.toContain('常退货');
  });
});
