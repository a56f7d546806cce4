/**
 * The roll-up job's Redis lock on a real Redis: of two processes only one rolls at a time, the lock is released
 * after a run (also a failed one), and the schedule runs the roll-up on its timer.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RollupRun } from '../../src/kpis/kpi-rollup';
import { runLocked, startKpiRollup } from '../../src/kpis/rollup-schedule';
import { pollUntil, waitUntil } from '../helpers/wait-until';

const key = `kefu-test-${randomUUID().slice(0, 8)}:kpi-rollup:lock`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis('redis://127.0.0.1:6379');
  b = new Redis('redis://127.0.0.1:6379');
});

afterAll(async () => {
  await a.del(key);
  a.disconnect();
  b.disconnect();
});

it('lets one of two processes run while the other skips, then frees the lock', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let runs = 0;
  const first = runLocked(a, key, 60_000, async () => {
    runs += 1;
    await held;
    return 'first';
  });
  await pollUntil(
    () => a.exists(key),
    (n) => n === 1,
    2000,
    'the first holder to take the lock',
  );
  expect(await runLocked(b, key, 60_000, async () => (runs += 1))).toBeUndefined();
  release();
  expect(await first).toBe('first');
  expect(runs).toBe(1);
  expect(await a.exists(key)).toBe(0);
  await expect(runLocked(b, key, 60_000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await a.exists(key)).toBe(0); // released after a failure too
  expect(await runLocked(b, key, 60_000, async () => 'second')).toBe('second');
});

it('runs the roll-up on its schedule, one process at a time', async () => {
  let active = 0;
  let most = 0;
  let runs = 0;
  const rollup = {
    run: async (): Promise<RollupRun> => {
      active += 1;
      most = Math.max(most, active);
      runs += 1;
      await new Promise((r) => setTimeout(r, 60));
      active -= 1;
      return { days: [], settled: 0, ms: 60 };
    },
  };
  const logger = { warn: jest.fn(), info: jest.fn() };
  const stops = [a, b].map((redis) => startKpiRollup(rollup, { redis, lockKey: key, everyMs: 25, firstAfterMs: 1, logger }));
  await waitUntil(
    () => runs >= 4,
    () => ({ runs }),
  );
  for (const stop of stops) await stop();
  expect(most).toBe(1);
  expect(logger.warn).not.toHaveBeenCalled();
});
