import { DataSource } from 'typeorm';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { OutreachLogEntity } from '../../src/store/entities/outreach-log.entity';
import { Outreach1760000000400 } from '../../src/store/migrations/1760000000400-outreach';

const H = 3_600_000;
const base = { jobId: 'cart_abandoned.c1', triggerId: 'cart_abandoned', userId: 'u1', kind: 'marketing' as const };

async function sqlite(): Promise<DataSource> {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [OutreachLogEntity],
    migrations: [Outreach1760000000400],
    migrationsRun: true,
  });
  return ds.initialize();
}

async function postgres(): Promise<{ ds: DataSource; schema: string }> {
  const schema = `outreach_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await new DataSource({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' }).initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const ds = new DataSource({
    type: 'postgres',
    url: 'postgres://postgres@127.0.0.1:5432/test',
    schema,
    entities: [OutreachLogEntity],
    migrations: [Outreach1760000000400],
    migrationsRun: true,
  });
  return { ds: await ds.initialize(), schema };
}

async function lifecycle(ds: DataSource): Promise<void> {
  const log = new OutreachLog(ds);
  const t = Date.parse('2026-04-01T02:00:00Z');
  await log.record({ ...base, key: 'k1', status: 'scheduled', at: t, dueAt: t + H });
  await log.record({ ...base, key: 'k1', status: 'sent', channel: 'wechat-official', at: t + H });
  await log.record({ ...base, key: 'k1', status: 'scheduled', at: t + 2 * H }); // late write does not move back
  await log.record({ ...base, key: 'k2', jobId: 'x', status: 'suppressed', reason: 'quiet_hours', at: t });
  await log.record({ ...base, key: 'k3', jobId: 'y', status: 'sent', channel: 'web', at: t + 2 * H });
  expect(await log.attributeConversion('u1', 'o9', t + 100 * H, 72 * H)).toBeUndefined(); // outside the window
  expect(await log.attributeConversion('u1', 'o9', t + 3 * H, 72 * H)).toBe('k3'); // latest send wins
  const rows = await log.listForUser('u1');
  expect(rows.map((r) => [r.key, r.status, r.reason, r.orderId])).toEqual([
    ['k3', 'converted', null, 'o9'],
    ['k2', 'suppressed', 'quiet_hours', null],
    ['k1', 'sent', null, null],
  ]);
  expect(rows[2]!.sentAt!.getTime()).toBe(t + H);
  const summary = await log.summary(new Date(0));
  expect(summary.find((s) => s.status === 'suppressed')).toEqual({ status: 'suppressed', reason: 'quiet_hours', count: 1 });
}

describe('OutreachLog', () => {
  it('scheduled → sent → converted, suppressed with reason (SQLite)', async () => {
    const ds = await sqlite();
    await lifecycle(ds);
    await ds.destroy();
  });

  it('the same on MariaDB (a private database)', async () => {
    const db = `outreach_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = await new DataSource({ type: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' }).initialize();
    await admin.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4`);
    const ds = await new DataSource({
      type: 'mysql',
      url: `mysql://root@127.0.0.1:3306/${db}`,
      entities: [OutreachLogEntity],
      migrations: [Outreach1760000000400],
      migrationsRun: true,
    }).initialize();
    try {
      await lifecycle(ds);
    } finally {
      await ds.destroy();
      await admin.query(`DROP DATABASE \`${db}\``);
      await admin.destroy();
    }
  });

  it('the same on PostgreSQL', async () => {
    const { ds, schema } = await postgres();
    try {
      await lifecycle(ds);
    } finally {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    }
  });
});
