import type { Redis } from 'ioredis';

/** One way a Redis server's settings put kefu's data at risk, and the fix. */
export interface DurabilityWarning {
  setting: 'persistence' | 'maxmemory-policy';
  /** What is wrong and what is lost, then how to fix it. */
  message: string;
}

/**
 * Reads a Redis server's persistence and eviction settings (CONFIG GET) and says what would lose kefu's data:
 * no persistence at all (a restart loses conversations in progress, dedupe marks, the durable inbox of
 * acknowledged WeChat pushes and scheduled outreach), or an eviction policy other than `noeviction` (Redis
 * would drop those keys under memory pressure). Servers that refuse CONFIG (many managed services) give no
 * warnings: their settings cannot be read, so they are not guessed.
 *
 * @example
 * for (const w of await redisDurabilityWarnings(redis)) logger.warn(w.message);
 */
export async function redisDurabilityWarnings(redis: Redis): Promise<DurabilityWarning[]> {
  let settings: Record<string, string>;
  try {
    const pairs = (await redis.call('CONFIG', 'GET', 'appendonly', 'save', 'maxmemory-policy')) as string[];
    settings = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) settings[pairs[i]!] = pairs[i + 1]!;
  } catch {
    return [];
  }
  const warnings: DurabilityWarning[] = [];
  if (settings.appendonly === 'no' && (settings.save ?? '').trim() === '') {
    warnings.push({
      setting: 'persistence',
      message:
        'Redis keeps nothing on disk (appendonly no, no save points): a Redis restart loses conversations in progress, ' +
        'WeChat messages acknowledged but not yet answered, dedupe marks and scheduled outreach. ' +
        'Fix: set `appendonly yes` and `appendfsync everysec` in redis.conf (see docs/operations.md).',
    });
  }
  const policy = settings['maxmemory-policy'];
  if (policy !== undefined && policy !== 'noeviction') {
    warnings.push({
      setting: 'maxmemory-policy',
      message:
        `Redis may evict kefu's keys under memory pressure (maxmemory-policy ${policy}): queued outreach, the durable ` +
        'inbox or conversation state could vanish. Fix: set `maxmemory-policy noeviction` (see docs/operations.md).',
    });
  }
  return warnings;
}
