/**
 * bench:console's seeding helper at a small scale on real PostgreSQL: it writes the rows asked for, on every door and
 * trigger, and the service KPIs read them back (so the bench cannot silently measure an empty database).
 */
import type { DataSource } from 'typeorm';
import { seedKpiData, type KpiSeedResult } from '../../bench/console-kit/seed-kpi-data';
import { ServiceKpis } from '../../src/kpis/service-kpis';
import { createDataSource } from '../../src/store/data-source';
import { postgresDatabase, type TestDatabase } from '../store/databases';

describe('bench:console seeding', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let seeded: KpiSeedResult;
  const count = async (sql: string): Promise<number> => Number(((await ds.query(sql)) as { n: string }[])[0]!.n);

  beforeAll(async () => {
    db = await postgresDatabase();
    ds = await createDataSource(db.url, { schema: db.schema });
    seeded = await seedKpiData(ds, { conversations: 400, outreach: 3000, days: 30, end: Date.parse('2026-12-01T04:00:00Z') });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  test('writes the conversations and outreach rows asked for, and what they imply', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM kefu_conversations')).toBe(400);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_outreach_log')).toBe(3000);
    const sessions = await count('SELECT COUNT(*) AS n FROM kefu_service_session');
    expect(sessions).toBe(seeded.sessions);
    expect(sessions).toBeGreaterThan(400); // some conversations come back
    expect(sessions).toBeLessThan(400 * 1.6);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_messages')).toBe(seeded.messages);
    expect(seeded.messages).toBeGreaterThan(sessions);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_ticket')).toBe(seeded.tickets);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_survey_response')).toBe(seeded.surveys);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_order_attribution')).toBe(seeded.attributions);
    expect(await count('SELECT COUNT(*) AS n FROM kefu_service_session WHERE handed_off = 1')).toBe(seeded.handedOff);
    for (const n of [seeded.tickets, seeded.surveys, seeded.attributions, seeded.handedOff, seeded.pending, seeded.converted]) {
      expect(n).toBeGreaterThan(0);
    }
    expect(await count('SELECT COUNT(DISTINCT channel) AS n FROM kefu_service_session')).toBe(4);
    expect(await count('SELECT COUNT(DISTINCT trigger_id) AS n FROM kefu_outreach_log')).toBe(10);
    expect(await count('SELECT COUNT(DISTINCT status) AS n FROM kefu_outreach_log')).toBe(5);
    expect(await count("SELECT COUNT(DISTINCT reason) AS n FROM kefu_outreach_log WHERE status = 'suppressed'")).toBeGreaterThanOrEqual(8);
  });

  test('the service KPIs of the seeded period count every seeded session and outreach row', async () => {
    const report = await new ServiceKpis(ds).report({ from: new Date(seeded.start), to: new Date(seeded.end + 1) });
    expect(report.totals.sessions).toBe(seeded.sessions);
    expect(report.totals.handedOff).toBe(seeded.handedOff);
    expect(report.totals.csat.responses).toBeGreaterThan(0);
    expect(report.outreach.reduce((n, f) => n + f.scheduled, 0)).toBe(3000);
    expect(report.outreach.reduce((n, f) => n + f.converted, 0)).toBe(seeded.converted);
    expect(report.daily).toHaveLength(30);
  });
});
