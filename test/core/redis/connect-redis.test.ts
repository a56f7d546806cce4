import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DependencyError } from '../../../src/core/errors';
import { connectRedis, redactRedisUrl } from '../../../src/core/redis/connect-redis';
import { pingOnce } from '../../../src/core/redis/probe';
import { findExecutable, freePort, startRedisChild } from '../../../src/core/redis/redis-child';
import { redisDurabilityWarnings } from '../../../src/core/redis/durability';
import Redis from 'ioredis';

describe('connectRedis', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-redis-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

  it('uses REDIS_URL when given', async () => {
    const conn = await connectRedis({ redisUrl: 'redis://127.0.0.1:6379/0', dataDir });
    try {
      expect(conn.source).toBe('env');
      expect(await conn.redis.ping()).toBe('PONG');
    } finally {
      await conn.close();
    }
    expect(conn.redis.status).toBe('end');
  });

  it('fails on an unreachable REDIS_URL, naming it without the password', async () => {
    const port = await freePort();
    const err = await connectRedis({ redisUrl: `redis://kefu:hunter2secret@127.0.0.1:${port}`, dataDir, connectTimeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DependencyError);
    const message = (err as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('REDIS_URL');
    expect(message).not.toContain('hunter2secret');
    expect(message).toMatch(/ECONNREFUSED/);
  });

  it('uses the local server at 127.0.0.1:6379 without REDIS_URL', async () => {
    const conn = await connectRedis({ dataDir });
    try {
      expect(conn.source).toBe('local');
      expect(conn.url).toBe('redis://127.0.0.1:6379');
      const bull = conn.duplicate();
      expect(bull.options.maxRetriesPerRequest).toBeNull();
      expect(await bull.ping()).toBe('PONG');
      await bull.quit();
    } finally {
      await conn.close();
    }
  });

  it('starts a private redis-server when nothing answers locally, and stops it on close', async () => {
    const closedPort = await freePort();
    const conn = await connectRedis({ dataDir, localAddress: { host: '127.0.0.1', port: closedPort } });
    const port = Number(new URL(conn.url).port);
    try {
      expect(conn.source).toBe('child');
      expect(port).not.toBe(6379);
      await conn.redis.set('kefu:test:child', '你好 👋');
      expect(await conn.redis.get('kefu:test:child')).toBe('你好 👋');
      expect(existsSync(join(dataDir, 'redis'))).toBe(true);
      expect(await pingOnce('127.0.0.1', port, 500)).toBe(true);
    } finally {
      await conn.close();
    }
    expect(await pingOnce('127.0.0.1', port, 500)).toBe(false);
  });

  it('explains how to get Redis when there is no server and no redis-server binary', async () => {
    const closedPort = await freePort();
    const emptyBin = mkdtempSync(join(tmpdir(), 'kefu-nobin-'));
    try {
      const err = await connectRedis({ dataDir, localAddress: { host: '127.0.0.1', port: closedPort }, path: emptyBin }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DependencyError);
      const message = (err as Error).message;
      expect(message).toContain('apt-get install redis-server');
      expect(message).toContain('REDIS_URL');
      expect(message).toContain(`127.0.0.1:${closedPort}`);
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });

  it('redacts passwords in URLs', () => {
    expect(redactRedisUrl('redis://:pw@h:1/0')).toBe('redis://:***@h:1/0');
    expect(redactRedisUrl('rediss://user:pw@h:1')).toBe('rediss://user:***@h:1');
    expect(redactRedisUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});

describe('the private redis-server keeps data across a crash', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-redis-aof-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

  it('a key written a second before the server is SIGKILLed is there after the restart (append-only file)', async () => {
    const binary = findExecutable('redis-server', process.env.PATH);
    expect(binary).toBeDefined();
    const first = await startRedisChild(binary!, dataDir);
    const client = new Redis(first.url, { lazyConnect: true });
    await client.connect();
    await client.set('kefu:test:inbox', '顾客的消息');
    await new Promise((r) => setTimeout(r, 1500)); // appendfsync everysec
    client.disconnect();
    first.process.kill('SIGKILL'); // no shutdown save: only what is on disk survives
    await new Promise((r) => first.process.once('exit', r));

    const second = await startRedisChild(binary!, dataDir);
    const again = new Redis(second.url, { lazyConnect: true });
    try {
      await again.connect();
      expect(await again.get('kefu:test:inbox')).toBe('顾客的消息');
      expect(await again.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    } finally {
      again.disconnect();
      await second.stop();
    }
  });
});

describe('redisDurabilityWarnings', () => {
  it('warns about a server without persistence or with eviction, and says how to fix it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-redis-bare-'));
    const child = await startRedisChild(findExecutable('redis-server', process.env.PATH)!, dir);
    const redis = new Redis(child.url, { lazyConnect: true });
    try {
      await redis.connect();
      await redis.config('SET', 'appendonly', 'no');
      await redis.config('SET', 'save', '');
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const warnings = await redisDurabilityWarnings(redis);
      expect(warnings.map((w) => w.setting).sort()).toEqual(['maxmemory-policy', 'persistence']);
      expect(warnings.every((w) => w.message.includes('Fix:'))).toBe(true);
      await redis.config('SET', 'appendonly', 'yes');
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      expect(await redisDurabilityWarnings(redis)).toEqual([]);
    } finally {
      redis.disconnect();
      await child.stop(); // graceful: a SIGKILLed server can leave its append-only rewrite child writing into dir
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });
});
