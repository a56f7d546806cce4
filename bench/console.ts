/**
 * Service KPI API benchmark (`npm run bench:console [-- --conversations 100000 --outreach 1000000 --requests 200
 * --warmup 20 --baseline-scale 0.01]`), issue #14: "KPI API p99 with 100k conversations and 1M outreach rows in
 * PostgreSQL ≤ 200 ms".
 *
 * In one run, on PostgreSQL 127.0.0.1:5432 (database `test`, user postgres) in fresh schemas dropped at the end:
 *   1. seed the full dataset through the project's migrations and entities (bench/console-kit/seed-kpi-data.ts):
 *      conversations over 90 days on four doors with their service sessions, message log, handoffs, tickets,
 *      chat-credited orders, CSAT / NPS answers, and the outreach log of ten triggers; then the daily KPI roll-up of
 *      the seeded closed days, timed (what a running kefu's roll-up job does, docs/kpis.md "Pre-aggregation");
 *   2. start the real kefu (`startKefu`, HTTP on loopback) on that schema and time `GET /admin/api/kpis/service` for
 *      30 and 90 days, all doors and one door, `--requests` sequential requests each after `--warmup`;
 *   3. the baseline, named and in the same run: the same API on the same kind of data at `--baseline-scale` of the
 *      size (1 % by default), started the same way; the ratio full / baseline shows how the API scales with the data.
 *      `GET /readyz` (a Redis PING and a database `SELECT 1`) on the full server is the HTTP floor;
 *   4. each of the report's queries alone, in process, on the full data (90 days, all doors): which one costs.
 * Prints a Markdown table with the machine and writes bench/results/console-<timestamp>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config';
import { recordDay } from '../src/flows/actions/service-records';
import { startKefu, type RunningKefu } from '../src/main';
import { createDataSource } from '../src/store/data-source';
import { postgresDatabase, type TestDatabase } from '../test/store/databases';
import { LoopbackClient, type Timing } from './console-kit/http-timing';
import { queryBreakdown, type QueryTiming } from './console-kit/query-breakdown';
import { seedKpiData, type KpiSeedResult } from './console-kit/seed-kpi-data';

const TOKEN = 'bench-console-admin-token-2026';
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number. Fix: e.g. --${name} ${dflt}`);
  return value;
}
const ARGS = {
  conversations: arg('conversations', 100_000),
  outreach: arg('outreach', 1_000_000),
  requests: arg('requests', 200),
  warmup: arg('warmup', 20),
  baselineScale: arg('baseline-scale', 0.01),
};

/** One dataset served by one kefu. */
interface Served {
  db: TestDatabase;
  dir: string;
  prefix: string;
  seeded: KpiSeedResult;
  kefu: RunningKefu;
  client: LoopbackClient;
}

/** The requests timed on each dataset: 30 and 90 shop-local days up to today, all doors and one door. */
function cases(end: number): { name: string; path: string }[] {
  const day = (ms: number): string => recordDay(ms, TZ).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  const today = day(end);
  const d30 = day(end - 29 * DAY);
  const d90 = day(end - 89 * DAY);
  return [
    { name: '30 days, all doors', path: `/admin/api/kpis/service?from=${d30}&to=${today}` },
    { name: '30 days, channel=web', path: `/admin/api/kpis/service?from=${d30}&to=${today}&channel=web` },
    { name: '90 days, all doors', path: `/admin/api/kpis/service?from=${d90}&to=${today}` },
    { name: '90 days, channel=wechat-official', path: `/admin/api/kpis/service?from=${d90}&to=${today}&channel=wechat-official` },
  ];
}

async function serve(conversations: number, outreach: number, end: number): Promise<Served & { ds: DataSource }> {
  const db = await postgresDatabase(); // a fresh schema in database test
  const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-console-'));
  const prefix = `kefu-bench-${randomUUID().slice(0, 8)}`;
  let ds: DataSource | undefined;
  try {
    ds = await createDataSource(db.url, { schema: db.schema }); // the project's migrations
    const seeded = await seedKpiData(ds, { conversations, outreach, end, timeZone: TZ });
    const config = loadConfig(
      {},
      {
        nlu: 'rules',
        port: 0,
        host: '127.0.0.1',
        databaseUrl: `${db.url}?schema=${db.schema}`,
        dataDir: dir,
        redisUrl: 'redis://127.0.0.1:6379',
        redisPrefix: prefix,
        adminToken: TOKEN,
        adminRateLimit: 1_000_000, // one client asking as fast as it can; the default 120 a minute would answer 429
        timezone: TZ,
        logLevel: 'silent',
        ...(process.env.KEFU_FLOWS_DIR ? { flowsDir: process.env.KEFU_FLOWS_DIR } : {}),
      },
    );
    const kefu = await startKefu(config, { watchFlows: false });
    const client = new LoopbackClient(kefu.url, { authorization: `Bearer ${TOKEN}` });
    return { db, ds, dir, prefix, seeded, kefu, client };
  } catch (err) {
    await ds?.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stop(s: Served | undefined, ds?: DataSource): Promise<void> {
  if (!s) return;
  s.client.close();
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    await s.kefu.close();
    const keys = await redis.keys(`${s.prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
    await ds?.destroy();
    await s.db.drop();
    rmSync(s.dir, { recursive: true, force: true });
  }
}

/** The 90-day answer must count every seeded session and outreach row, else the bench measured the wrong thing. */
async function check(s: Served, path: string): Promise<void> {
  const res = await s.client.get(path);
  const report = JSON.parse(res.body) as { totals: { sessions: number }; outreach: { scheduled: number }[] };
  const scheduled = report.outreach.reduce((n, f) => n + f.scheduled, 0);
  if (report.totals.sessions !== s.seeded.sessions || scheduled !== s.seeded.outreach) {
    throw new Error(
      `The API counted ${report.totals.sessions} sessions and ${scheduled} outreach rows, the seed wrote ${s.seeded.sessions} and ${s.seeded.outreach}. Fix: the seed's period and the request's must match.`,
    );
  }
}

async function measure(s: Served, end: number): Promise<Record<string, Timing>> {
  const all = cases(end);
  await check(s, all[2]!.path);
  const out: Record<string, Timing> = {};
  for (const c of all) out[c.name] = await s.client.time(c.path, ARGS.requests, ARGS.warmup);
  out['GET /readyz'] = await s.client.time('/readyz', ARGS.requests, ARGS.warmup);
  return out;
}

async function machine(ds: DataSource) {
  const [{ server_version: pg }] = (await ds.query('SHOW server_version')) as { server_version: string }[];
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e8) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: pg,
  };
}

async function main(): Promise<void> {
  const end = Date.now();
  const results: Record<string, unknown> = { at: new Date(end).toISOString(), args: ARGS };
  let full: (Served & { ds: DataSource }) | undefined;
  let small: (Served & { ds: DataSource }) | undefined;
  try {
    full = await serve(ARGS.conversations, ARGS.outreach, end);
    results['machine'] = await machine(full.ds);
    results['fullSeed'] = full.seeded;
    process.stdout.write(
      `seeded the full dataset in ${Math.round(full.seeded.ms / 100) / 10} s (roll-up of ${full.seeded.rollup.days} days: ${Math.round(full.seeded.rollup.ms / 100) / 10} s)\n`,
    );
    const scale = ARGS.baselineScale;
    small = await serve(Math.max(1, Math.round(ARGS.conversations * scale)), Math.max(1, Math.round(ARGS.outreach * scale)), end);
    results['baselineSeed'] = small.seeded;
    results['full'] = await measure(full, end);
    results['baseline'] = await measure(small, end);
    const c90 = cases(end)[2]!.path;
    const params = new URL(c90, 'http://x').searchParams;
    results['queries'] = await queryBreakdown(full.ds, { from: params.get('from')!, to: params.get('to')!, timeZone: TZ, runs: 30 });
  } finally {
    await stop(small, small?.ds);
    await stop(full, full?.ds);
  }
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const file = join(__dirname, 'results', `console-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${table(results)}\nSaved ${file}\n`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results object is built above; a loose view keeps the table short
function table(r: Record<string, any>): string {
  const m = r['machine'];
  const f = r['fullSeed'] as KpiSeedResult;
  const b = r['baselineSeed'] as KpiSeedResult;
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `${r['at'].slice(0, 10)} — ${m.cpu} × ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}`,
    `Full: ${n(f.conversations)} conversations (${n(f.sessions)} sessions, ${n(f.messages)} messages, ${n(f.tickets)} tickets, ${n(f.surveys)} survey answers, ${n(f.attributions)} attributions), ${n(f.outreach)} outreach rows, seeded in ${(f.ms / 1000).toFixed(1)} s.`,
    `Roll-up of the seeded closed days (its first, full run): ${f.rollup.days} days in ${(f.rollup.ms / 1000).toFixed(1)} s (${Math.round(f.rollup.ms / Math.max(1, f.rollup.days))} ms a day, ${f.rollup.settled} settled); baseline: ${b.rollup.days} days in ${(b.rollup.ms / 1000).toFixed(1)} s.`,
    `Baseline: the same API on ${n(b.conversations)} conversations (${n(b.sessions)} sessions) and ${n(b.outreach)} outreach rows (${ARGS.baselineScale * 100} %). ${ARGS.requests} sequential requests per row after ${ARGS.warmup} warm-up.`,
    '',
    '| request | full p50 ms | p95 | p99 | baseline p50 ms | p99 | p99 full / baseline |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, t] of Object.entries(r['full'] as Record<string, Timing>)) {
    const base = (r['baseline'] as Record<string, Timing>)[name]!;
    lines.push(`| ${name} | ${t.p50} | ${t.p95} | ${t.p99} | ${base.p50} | ${base.p99} | ${(t.p99 / base.p99).toFixed(1)}× |`);
  }
  lines.push(
    '',
    'Each query of the 90-day report alone, in process, on the full data (30 runs; the raw ones are what a report without roll-ups runs):',
    '',
    '| query | p50 ms | max ms |',
    '|---|---:|---:|',
  );
  for (const q of r['queries'] as QueryTiming[]) lines.push(`| ${q.name} | ${q.p50} | ${q.max} |`);
  return lines.join('\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
