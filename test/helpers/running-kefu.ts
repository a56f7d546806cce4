import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/load-config';
import type { KefuConfig } from '../../src/config/schema';
import { startKefu, type RunningKefu } from '../../src/main';

/** A whole running kefu (HTTP on a free port) plus what it takes to clean it away. */
export interface TestKefu {
  kefu: RunningKefu;
  /** Its temporary folder (SQLite file, data). */
  dir: string;
  /** Stop it and start it again on the same database, Redis prefix and folder (`kefu` becomes the new one). */
  restart(): Promise<RunningKefu>;
  /** Stop it, delete its Redis keys and its folder. */
  close(): Promise<void>;
}

/**
 * Start kefu like `kefu start` does, on 127.0.0.1 and a free port, with a temp SQLite file and a unique
 * Redis prefix on the real Redis; `overrides` may point flowsDir elsewhere, set an admin token, etc.
 *
 * @example
 * const { kefu, close } = await startTestKefu({ adminToken: TOKEN });
 */
export async function startTestKefu(overrides: (dir: string) => Partial<KefuConfig> = () => ({})): Promise<TestKefu> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-e2e-'));
  const prefix = `kefu-e2e-${randomUUID().slice(0, 8)}`;
  const config = loadConfig(
    {},
    {
      nlu: 'rules',
      port: 0,
      host: '127.0.0.1',
      databaseUrl: `sqlite:${path.join(dir, 'k.sqlite')}`,
      dataDir: dir,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: prefix,
      logLevel: 'silent',
      ...overrides(dir),
    },
  );
  const running: TestKefu = {
    kefu: await startKefu(config, { watchFlows: false }),
    dir,
    restart: async () => {
      await running.kefu.close();
      running.kefu = await startKefu(config, { watchFlows: false });
      return running.kefu;
    },
    close: async () => {
      const redis = new Redis(config.redisUrl ?? 'redis://127.0.0.1:6379');
      try {
        await running.kefu.close(); // first: its workers may still write keys (outreach jobs) until it stops
        const keys = await redis.keys(`${prefix}:*`);
        for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      } finally {
        redis.disconnect();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return running;
}
