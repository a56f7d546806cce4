import type { Redis } from 'ioredis';

/** The Redis server's CPU µs so far (user + system, from INFO cpu), for CPU-per-event figures of the event benchmarks. */
export async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1]);
  return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
}
