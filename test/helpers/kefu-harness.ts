import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createKefuCore, type CoreOptions, type KefuCore } from '../../src/app/create-kefu';
import { loadConfig } from '../../src/config/load-config';
import type { KefuConfig } from '../../src/config/schema';
import { connectRedis } from '../../src/core/redis/connect-redis';
import { Conversation } from './conversation';
import { TestChannel } from './test-channel';

/** A whole kefu core on real Redis (unique prefix) and a temp SQLite file, talking through a TestChannel. */
export interface KefuHarness {
  core: KefuCore;
  channel: TestChannel;
  config: KefuConfig;
  /** Start a chat as shopper `userId` (fluent: send → expectReply). */
  chat(userId: string): Conversation;
  close(): Promise<void>;
}

/**
 * Build a test kefu with the shipped flows/ (or `overrides.flowsDir`).
 *
 * @example
 * const kefu = await createHarness();
 * await kefu.chat('u1').send('你好').expectReply('欢迎');
 * await kefu.close();
 */
export async function createHarness(overrides: Partial<KefuConfig> = {}, options: CoreOptions = {}): Promise<KefuHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-test-'));
  const prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  const config = loadConfig(
    {},
    {
      nlu: 'rules',
      databaseUrl: `sqlite:${path.join(dir, 'kefu.sqlite')}`,
      dataDir: dir,
      redisPrefix: prefix,
      logLevel: 'silent',
      ...overrides,
    },
  );
  const redis = await connectRedis({ redisUrl: 'redis://127.0.0.1:6379', dataDir: dir });
  const core = await createKefuCore(config, { redis, watchFlows: false, ...options });
  const channel = new TestChannel();
  core.router.add(channel);
  await channel.start(async (message) => void (await core.bot.handle(message)));
  return {
    core,
    channel,
    config,
    chat: (userId) => new Conversation(channel, userId),
    close: async () => {
      await core.close();
      const keys = await redis.redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.redis.del(...keys);
      await redis.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
