/**
 * Exposures and experiment results through the real store on SQLite, PostgreSQL and MariaDB: each shopper's first
 * exposure is kept once (also across two "processes"), and conversion (attributed orders), CSAT (first rating) and
 * resolution (first labelled session) count only what happened within the window after the exposure.
 */
import type { DataSource } from 'typeorm';
import { TypeormExposures } from '../../src/experiments/exposure-store';
import { ExposedOutcomeReader } from '../../src/experiments/outcome-reader';
import { computeFigures } from '../../src/experiments/variant-figures';
import type { ExposureNote } from '../../src/flows/runtime/variant-choice';
import { createDataSource } from '../../src/store/data-source';
import { OrderAttributionEntity, ServiceSessionEntity, SurveyResponseEntity } from '../../src/store/entities';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

jest.setTimeout(60_000);

const T = Date.parse('2025-11-20T02:00:00.000Z');
const H = 3_600_000;
const D = 24 * H;
const note = (userId: string, variant: string, at = T): ExposureNote => ({
  experimentId: 'coupon_copy',
  variant,
  share: 0.5,
  flowId: 'welcome_ab',
  stepId: 'offer',
  userId,
  channel: 'web',
  at,
});

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('experiment results on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the first exposure per shopper and counts outcomes inside the window only', async () => {
    const one = new TypeormExposures(ds);
    const other = new TypeormExposures(ds); // another kefu process
    for (const u of ['a1', 'a2', 'a3', 'a4']) one.record(note(u, 'A'));
    for (const u of ['b1', 'b2', 'b3', 'b4']) one.record(note(u, 'B'));
    one.record(note('a1', 'A', T + H)); // a later turn: nothing new
    await one.flush();
    other.record(note('a1', 'B', T + 2 * H)); // a restart that somehow saw B: the first row stays
    await other.flush();
    const exposures = await one.of('coupon_copy');
    expect(exposures).toHaveLength(8);
    expect(exposures.find((e) => e.userId === 'a1')).toEqual({ userId: 'a1', variant: 'A', share: 0.5, exposedAt: T });
    expect(Object.fromEntries((await one.counts()).get('coupon_copy')!)).toEqual({ A: 4, B: 4 });

    const order = (orderId: string, userId: string, paidAt: number, credit = 'coupon') => ({
      orderId,
      userId,
      amount: 99,
      credit,
      channel: 'web',
      conversationId: null,
      chat: null,
      touchRef: null,
      touchAt: null,
      outreachKey: null,
      paidAt: new Date(paidAt),
      createdAt: new Date(paidAt),
    });
    await ds.getRepository(OrderAttributionEntity).insert([
      order('o1', 'a1', T + H), // counts
      order('o2', 'a2', T - H), // before the exposure
      order('o3', 'a3', T + 8 * D), // after the 7-day window
      order('o4', 'b1', T + 2 * H),
      order('o5', 'b2', T + 3 * D),
      order('o6', 'b3', T + D),
      order('o7', 'b3', T + 2 * D), // b3 converts once
      order('o8', 'a4', T + H, 'assisted'), // a chat before paying, nothing shown that was bought: no conversion
    ]);
    const rating = (userId: string, score: number, at: number) => ({
      kind: 'csat',
      score,
      userId,
      channel: 'web',
      conversationId: `web:-:${userId}`,
      day: '20251120',
      createdAt: new Date(at),
      comment: null,
    });
    await ds.getRepository(SurveyResponseEntity).insert([
      rating('a1', 4, T + H),
      rating('a1', 1, T + 2 * H), // only the first rating counts
      rating('a2', 2, T + H),
      rating('b1', 5, T + H),
      rating('b2', 4, T + H),
      rating('b3', 5, T - H), // before the exposure
    ]);
    const session = (userId: string, outcome: string, startedAt: number) => ({
      conversationId: `web:-:${userId}`,
      userId,
      channel: 'web',
      day: '20251120',
      startedAt: new Date(startedAt),
      lastAt: new Date(startedAt + 10 * 60_000),
      firstResponseMs: 500,
      messages: 2,
      topic: null,
      handedOff: 0,
      reopened: 0,
      qualityTrace: null,
      outcome: outcome as 'resolved',
      outcomeSignals: null,
    });
    await ds.getRepository(ServiceSessionEntity).insert([
      session('a1', 'resolved', T - 5 * 60_000), // the exposure happened in this session
      session('a2', 'unresolved', T + H),
      session('a3', 'none', T + H), // not labelled: not counted
      session('b1', 'resolved', T + H),
      session('b2', 'escalated', T + H),
      session('b3', 'resolved', T + H),
    ]);

    const outcomes = await new ExposedOutcomeReader(ds).read('coupon_copy');
    const figures = computeFigures(
      [
        { id: 'A', weight: 50 },
        { id: 'B', weight: 50 },
      ],
      exposures,
      outcomes,
      7 * D,
    );
    const [a, b] = figures.variants;
    expect(a).toMatchObject({
      id: 'A',
      share: 0.5,
      exposures: 4,
      conversion: { n: 4, count: 1 },
      csat: { n: 2 },
      resolution: { n: 2, count: 1 },
    });
    expect(b).toMatchObject({
      id: 'B',
      share: 0.5,
      exposures: 4,
      conversion: { n: 4, count: 3 },
      csat: { n: 2 },
      resolution: { n: 3, count: 2 },
    });
    expect(a!.csat.mean!.estimate).toBe(3); // (4 + 2) / 2
    expect(b!.csat.mean!.estimate).toBe(4.5); // (5 + 4) / 2
    expect(b!.conversion.vsControl!.estimate).toBeCloseTo(0.5, 10); // 3/4 − 1/4
    expect(b!.csat.vsControl!.estimate).toBeCloseTo(1.5, 10);
    expect(b!.resolution.vsControl!.estimate).toBeCloseTo(2 / 3 - 1 / 2, 10);
    expect(a!.conversion.vsControl).toBeUndefined(); // the control is not compared with itself
    expect(figures.srm).toMatchObject({ chiSquare: 0, df: 1, mismatch: false });
  });
});
