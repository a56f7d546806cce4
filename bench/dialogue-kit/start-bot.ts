/**
 * Starts the real kefu in-process for the dialogue benchmark, as bench/chat.ts does: a temporary SQLite file, a
 * unique Redis key prefix (Redis at REDIS_URL, 127.0.0.1:6379 or a private child), the web adapter on a loopback
 * port, flows from ./flows; everything is removed again on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type KefuConfig } from '../../src/config/schema';
import { startKefu } from '../../src/main';

/** Which recogniser kefu runs: the rules (flows' keywords and regex) or the intent model (plus those rules). */
export type Recogniser = 'rules' | 'model';

/** A running bot for the benchmark. */
export interface BenchBot {
  /** e.g. `rules recogniser` or `intent model (teacher)`. */
  name: string;
  /** The web chat socket, ws://127.0.0.1:<port>/chat/ws */
  url: string;
  close(): Promise<void>;
}

/** Delete the run's Redis keys (bounded SCAN). */
export async function cleanRedis(
  redis: { scan(...a: unknown[]): Promise<[string, string[]]>; del(...k: string[]): Promise<number> },
  prefix: string,
) {
  let cursor = '0';
  for (let i = 0; i < 10_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

/** A loopback kefu config for a bench run: a temporary SQLite file and a unique Redis prefix (`tag` names both). */
export function benchConfig(tag: string, nlu: string): { config: KefuConfig; dataDir: string; prefix: string } {
  const dataDir = mkdtempSync(join(tmpdir(), `${tag}-`));
  const prefix = `${tag}-${Date.now()}`;
  const config: KefuConfig = configSchema.parse({
    port: 0,
    host: '127.0.0.1',
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    webRateLimit: 10_000,
    // every load client connects from 127.0.0.1: the per-address limits would refuse most of them
    webIpRateLimit: 0,
    webIpConnections: 0,
    dataDir,
    databaseUrl: `sqlite:${join(dataDir, 'bench.sqlite')}`,
    redisPrefix: prefix,
    nlu,
    nluModel: process.env.KEFU_NLU_MODEL ?? 'teacher',
  });
  return { config, dataDir, prefix };
}

/**
 * Start kefu with the given recogniser (the model is `KEFU_NLU_MODEL`, teacher by default).
 *
 * @example
 * const bot = await startBenchBot('rules');
 * // … connect to bot.url …
 * await bot.close();
 */
export async function startBenchBot(nlu: Recogniser): Promise<BenchBot> {
  const { config, dataDir, prefix } = benchConfig(`kefu-dialogues-${nlu}`, nlu);
  const kefu = await startKefu(config, { watchFlows: false });
  return {
    name: nlu === 'model' ? `intent model (${config.nluModel})` : 'rules recogniser',
    url: `${kefu.url.replace(/^http/, 'ws')}/chat/ws`,
    close: async () => {
      await cleanRedis(kefu.core.redis.redis as never, prefix);
      await kefu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
