import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { FeatureSnapshots } from '../../src/profiles/feature-snapshots';
import { FeatureStore } from '../../src/profiles/feature-store';
import { createDataSource } from '../../src/store/data-source';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

jest.setTimeout(150_000);
const ROOT = path.resolve(__dirname, '../..');
const logger = createLogger({ level: 'silent', name: 'test' });
const day = 86_400_000;

/** Run bin/kefu; resolves with exit code and output. */
function kefu(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kefu'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kefu features rebuild | show (after Redis lost the hot features)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-features-cli-'));
  const databaseUrl = `sqlite:${path.join(dir, 'k.sqlite')}`;
  const prefix = testPrefix();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KEFU_DATA_DIR: dir,
    REDIS_URL: 'redis://127.0.0.1:6379',
    KEFU_REDIS_PREFIX: prefix,
  };
  let redis: Redis;
  let dataSource: DataSource;
  let store: FeatureStore;
  let streams: EventStreams;
  const now = Date.now();
  const ev = (id: string, userId: string, type: string, at: number, payload: Record<string, unknown>): KefuEvent => ({
    id,
    type,
    userId,
    at,
    payload,
  });

  beforeAll(async () => {
    redis = new Redis(REDIS);
    dataSource = await createDataSource(databaseUrl);
    store = new FeatureStore({ redis, prefix });
    streams = new EventStreams({ redis, prefix });
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds every snapshotted shopper (--all) and one named shopper; show prints the features', async () => {
    const snapshots = new FeatureSnapshots({ store, dataSource, logger });
    // two shoppers with an old paid order each, snapshotted; then recent views of s1 that only the stream has
    await store.apply([
      ev('o-a', 's1', 'order_paid', now - 100 * day, { orderId: 'oa', amount: 800 }),
      ev('o-b', 's2', 'order_paid', now - 40 * day, { orderId: 'ob', amount: 120 }),
    ]);
    expect(await snapshots.flush(now)).toBe(2);
    const views = [
      ev('v1', 's1', 'product_view', now - 60_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('v2', 's1', 'product_view', now - 30_000, { productId: 'coat', category: '服饰', price: 599 }),
    ];
    await streams.add(views.map((event) => ({ event, outreachDone: false })));
    await store.apply(views);
    const before = await store.featuresOf(['s1', 's2'], now);
    expect(before[0]).toMatchObject({ product_view_10m: 2, total_spent: 800 });

    await store.forget('s1'); // Redis lost them
    await store.forget('s2');
    expect((await store.features('s2', now)).total_spent).toBe(0);

    const all = await kefu(env, 'features', 'rebuild', '--all');
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('rebuilt 2 shopper(s): 2 event(s) replayed from the stream, 2 database snapshot(s) merged');
    expect(await store.featuresOf(['s1', 's2'], now)).toEqual(before);

    await store.forget('s2');
    const one = await kefu(env, 'features', 'rebuild', 's2');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('rebuilt 1 shopper(s): 0 event(s) replayed from the stream, 1 database snapshot(s) merged');
    const shown = await kefu(env, 'features', 'show', 's2');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ total_spent: 120, orders_365d: 1 });
  });

  it('says what to do when nothing is named, or when Redis does not answer', async () => {
    const none = await kefu(env, 'features', 'rebuild');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no shopper named.*--all/s);
    const down = await kefu({ ...env, REDIS_URL: 'redis://127.0.0.1:1' }, 'features', 'show', 's1');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/Redis: nothing answered at redis:\/\/127\.0\.0\.1:1.*REDIS_URL/s);
  });
});
