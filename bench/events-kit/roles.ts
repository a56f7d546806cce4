/**
 * Child processes of bench:events (forked with `--import tsx`): `server` serves POST /events into the streams,
 * `consumer` runs a FeatureConsumer and reports applied events, the lag histogram and its RSS over IPC.
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/core/log';
import { eventsRoutes } from '../../src/events/events-routes';
import { EventStreams } from '../../src/events/event-streams';
import { FeatureConsumer } from '../../src/profiles/feature-consumer';
import { FeatureStore } from '../../src/profiles/feature-store';

const [role, prefix, token, partitions] = process.argv.slice(2) as [string, string, string, string];
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const streams = new EventStreams({ redis, prefix, partitions: Number(partitions) });
const send = (m: unknown): void => void process.send!(m);
/** CPU µs (user + system) this process used since it started. */
const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function server(): Promise<void> {
  const app = Fastify({ logger: false });
  // outreach is out of this benchmark: nothing wants the events (they go to the streams only)
  await app.register(eventsRoutes({ redis, prefix, token, streams, handler: { handleEvent: async () => undefined, wants: () => false } }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  send({ kind: 'ready', url });
  process.on('message', async (m: { kind: string }) => {
    if (m.kind === 'cpu') send({ kind: 'cpu', cpuUs: cpuUs() });
    if (m.kind === 'rss') send({ kind: 'rss', rss: process.memoryUsage().rss });
    if (m.kind === 'stop') {
      await app.close();
      redis.disconnect();
      process.exit(0);
    }
  });
}

async function consumer(): Promise<void> {
  const lags = new Uint32Array(120_001); // 1 ms bins up to 120 s
  let applied = 0;
  let duplicates = 0;
  const store = new FeatureStore({ redis, prefix });
  const c = new FeatureConsumer({
    streams,
    store,
    logger: createLogger({ level: 'warn', name: 'bench' }),
    batchSize: 1000,
    onBatch: (r) => {
      applied += r.applied;
      duplicates += r.duplicates;
      for (const lag of r.lagsMs) lags[Math.max(0, Math.min(120_000, Math.round(lag)))]! += 1;
    },
  });
  await c.start();
  const timer = setInterval(() => send({ kind: 'progress', applied, duplicates }), 250);
  send({ kind: 'ready' });
  process.on('message', async (m: { kind: string }) => {
    if (m.kind === 'cpu') send({ kind: 'cpu', cpuUs: cpuUs() });
    if (m.kind === 'report') send({ kind: 'report', applied, duplicates, lags: Array.from(lags), rss: process.memoryUsage().rss });
    if (m.kind === 'stop') {
      clearInterval(timer);
      await c.stop();
      redis.disconnect();
      process.exit(0);
    }
  });
}

void (role === 'server' ? server() : consumer());
