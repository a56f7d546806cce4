/**
 * Per-topic session counts of the service history (`service.topic_sessions_90d.*`) through the real store on SQLite,
 * PostgreSQL and MariaDB, and the shipped "often" tags (常问物流 …) that read them: one session about a topic is not
 * "often", two are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { UserProfile } from '../../src/core/user';
import type { SessionTurn } from '../../src/kpis/session-turn';
import type { Features } from '../../src/profiles/features';
import { nullFeatures } from '../../src/profiles/feature-names';
import { ProfileTags } from '../../src/profiles/profile-tags';
import { TypeormServiceHistory } from '../../src/profiles/service-history';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';
import { createDataSource } from '../../src/store/data-source';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { StoreRunner } from '../../src/store/store-runner';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

const catalogue = parseTagCatalogue(
  'flows/profile-tags.yaml',
  readFileSync(path.join(__dirname, '../../flows/profile-tags.yaml'), 'utf8'),
).catalogue!;
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
/** 2025-11-20 10:00 in Shanghai. */
const NOW = Date.parse('2025-11-20T02:00:00.000Z');

const turn = (conversation: string, user: string, at: number, topic: string): SessionTurn => ({
  conversation,
  userId: user,
  channel: 'web',
  receivedAt: at,
  repliedAt: at + 500,
  handedOff: false,
  topic,
});

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
])('service topics per session on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let history: TypeormServiceHistory;
  let tags: ProfileTags;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    const sessions = new TypeormServiceSessions(ds, TZ);
    // once: one session about the parcel (two turns of it), one about a coupon
    await sessions.record([
      turn('web:-:a1', 'once', NOW - 3 * DAY, 'logistics'),
      turn('web:-:a1', 'once', NOW - 3 * DAY + 60_000, 'logistics'),
    ]);
    await sessions.record([turn('web:-:a2', 'once', NOW - 2 * DAY, 'coupon')]);
    // twice: two sessions about the parcel on two days, two about returns (one by intent), one outside the 90 days
    await sessions.record([turn('web:-:b1', 'twice', NOW - 20 * DAY, 'logistics')]);
    await sessions.record([turn('web:-:b1', 'twice', NOW - 1 * DAY, 'logistics')]);
    await sessions.record([turn('web:-:b2', 'twice', NOW - 5 * DAY, 'returns')]);
    await sessions.record([turn('web:-:b3', 'twice', NOW - 4 * DAY, 'returns')]);
    await sessions.record([turn('web:-:b4', 'twice', NOW - 100 * DAY, 'invoice')]);
    await sessions.record([turn('web:-:b5', 'twice', NOW - 6 * DAY, 'invoice')]);
    history = new TypeormServiceHistory(new StoreRunner(ds));
    tags = new ProfileTags({
      users: { get: async (id) => shopper(id) },
      features: { features: async () => nullFeatures() as Features },
      history,
      rules: () => ({ catalogue, segments: [], version: 1 }),
      timeZone: TZ,
      now: () => NOW,
    });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('counts the sessions of the last 90 days per topic', async () => {
    const summaries = await history.summaries(['once', 'twice', 'nobody'], NOW);
    expect({ ...summaries.get('once')!.topic_sessions_90d }).toEqual({ logistics: 1, coupon: 1 });
    expect({ ...summaries.get('twice')!.topic_sessions_90d }).toEqual({ logistics: 2, returns: 2, invoice: 1 });
    expect(summaries.get('twice')!.topics_90d.sort()).toEqual(['invoice', 'logistics', 'returns']);
    expect({ ...summaries.get('nobody')!.topic_sessions_90d }).toEqual({});
  });

  it('gives an "often" tag for two sessions about the topic, not for one', async () => {
    const once = (await tags.evaluate('once')).profileTags;
    expect(once).not.toContain('常问物流');
    expect(once).toContain('关注优惠'); // not an "often" tag: one session is enough
    const twice = (await tags.evaluate('twice')).profileTags;
    expect(twice).toEqual(expect.arrayContaining(['常问物流', '常问退换货']));
    expect(twice).not.toContain('常问发票'); // the other invoice session is older than 90 days
  });
});
