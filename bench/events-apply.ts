/**
 * What applying behaviour events to the features costs per event, apart from HTTP and the streams
 * (`npm run bench:events-apply [-- --seconds 15 --users 100000]`), on the shared Redis 127.0.0.1:6379 under private key
 * prefixes (deleted at the end). One process, one batch of 1,000 events at a time, the bench:events event mix:
 *   1. **baseline, "lua"**: what the consumer does today per batch read from a stream: JSON.parse of the packed entry,
 *      then FeatureStore.apply (per-shopper program in Node, one Lua script call that dedupes and applies);
 *   2. **"write-only floor"** of a write-behind design (the state kept in the consumer's memory, only changed fields
 *      written back): the same JSON.parse and per-shopper combining, the sums kept in a Map in Node, then one pipeline
 *      of one HSET per shopper (every changed bucket and last-at field, absolute values, one merged hash), one SADD
 *      of the batch's ids and one SADD of the dirty shoppers. It reads nothing back, dedupes nothing, expires and prunes
 *      nothing and has no partition ownership or checkpoint, so a real write-behind consumer costs more than this:
 *      it is a lower bound, to tell whether such a redesign could reach issue 15's 100,000 events/s on 2 cores.
 * Reports, per arm: events/s of one client, Node CPU µs per event (process.cpuUsage) and Redis CPU µs per event
 * (INFO cpu), and the ratios floor / baseline. Prints a Markdown table and writes bench/results/events-apply-*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { KefuEvent } from '../src/events/event';
import { shopperProgram } from '../src/profiles/apply-program';
import { FeatureStore } from '../src/profiles/feature-store';
import { deletePrefix, testPrefix } from '../test/outreach/helpers';
import { redisCpuUs } from './events-kit/redis-cpu';
import { bodyTemplate, withId } from './events-kit/workload';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const ARGS = { seconds: arg('seconds', 15), users: arg('users', 100_000), batch: 1000 };
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const base = testPrefix().replace('kefu-test', 'kefu-bench-apply');

/** 16 packed entries' worth of events (JSON text, as a consumer reads it), ids made new per batch. */
const templates = Array.from({ length: 16 }, (_, t) => bodyTemplate(ARGS.batch, ARGS.users, t * ARGS.batch));
const batchText = (n: number): string => withId(templates[n % templates.length]!, `a${n.toString(36)}`);

/** Runs `apply` on new batches for the configured seconds; CPU µs per event of this process and of Redis. */
async function measure(name: string, apply: (events: KefuEvent[]) => Promise<void>) {
  const texts = Array.from({ length: 64 }, (_, n) => batchText(n)); // rotate: ids repeat only after 64 batches
  let events = 0;
  const cpu0 = process.cpuUsage();
  const redis0 = await redisCpuUs(redis);
  const start = Date.now();
  for (let n = 0; Date.now() - start < ARGS.seconds * 1000; n += 1) {
    const text = n < texts.length ? texts[n]! : batchText(n); // a fresh batch: its ids are new
    await apply(JSON.parse(text) as KefuEvent[]);
    events += ARGS.batch;
  }
  const ms = Date.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const redisUs = (await redisCpuUs(redis)) - redis0;
  const per = (us: number): number => Math.round((us / events) * 100) / 100;
  return {
    name,
    seconds: ms / 1000,
    events,
    perSecond: Math.round(events / (ms / 1000)),
    nodeUs: per(cpu.user + cpu.system),
    redisUs: per(redisUs),
  };
}

/** The baseline: today's FeatureStore.apply (Lua). */
async function lua() {
  const prefix = `${base}-lua`;
  const store = new FeatureStore({ redis, prefix });
  const result = await measure('lua', async (events) => void (await store.apply(events)));
  await deletePrefix(redis, prefix);
  return result;
}

/** A write-behind consumer's in-memory sums: shopper → field → value. */
type SumState = Map<string, Map<string, number>>;

/** Adds one shopper's part of a batch to `state`; returns the changed fields with their new values `[field, value, …]`. */
function changedFields(
  state: SumState,
  [user, buckets, last, psum, pn]: [user: string, buckets: (string | number)[], last: string[], psum: number, pn: number],
): (string | number)[] {
  let mine = state.get(user);
  if (!mine) state.set(user, (mine = new Map()));
  const out: (string | number)[] = [];
  for (let i = 0; i < buckets.length; i += 2) {
    const field = buckets[i] as string;
    const sum = (mine.get(field) ?? 0) + (buckets[i + 1] as number);
    mine.set(field, sum);
    out.push(field, sum);
  }
  for (let i = 0; i < last.length; i += 2) {
    const field = `last:${last[i]!}`;
    const at = Number(last[i + 1]);
    if (at > (mine.get(field) ?? -1)) {
      mine.set(field, at);
      out.push(field, at);
    }
  }
  if (pn > 0) out.push('psum', (mine.get('psum') ?? 0) + psum, 'pn', (mine.get('pn') ?? 0) + pn);
  return out;
}

/** The floor of a write-behind consumer: state summed in Node, changed fields written with one HSET per shopper. */
async function writeOnly() {
  const prefix = `${base}-floor`;
  const state: SumState = new Map();
  const result = await measure('write-only floor', async (events) => {
    const pipeline = redis.pipeline();
    const users: string[] = [];
    for (const [user, buckets, last, psum, pn] of shopperProgram(events)) {
      pipeline.hset(`${prefix}:pf:${user}:w`, ...changedFields(state, [user, buckets, last, psum, pn]));
      users.push(user);
    }
    pipeline.sadd(`${prefix}:pf:seen`, ...events.map((e) => e.id));
    pipeline.sadd(`${prefix}:pf:dirty`, ...users);
    await pipeline.exec();
  });
  await deletePrefix(redis, prefix);
  return result;
}

/** A connection that writes hand-built RESP and counts replies (no reply parsing beyond that). */
class RawConnection {
  private readonly socket = connect({ host: '127.0.0.1', port: 6379 });
  private waiting?: { left: number; resolve: () => void };
  constructor() {
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      // every reply of these commands is one line (`:n` or `+OK`), so counting CRLF counts replies
      let n = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n += 1;
      if (!this.waiting) return;
      this.waiting.left -= n;
      if (this.waiting.left <= 0) this.waiting.resolve();
    });
  }
  send(resp: string, replies: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = { left: replies, resolve };
      this.socket.write(resp);
    });
  }
  close(): void {
    this.socket.destroy();
  }
}

/** RESP of one command (arguments are ASCII or UTF-8 text). */
function resp(args: readonly (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = String(a);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

/** The same floor, writing hand-built RESP on a plain socket instead of ioredis commands. */
async function writeOnlyRaw() {
  const prefix = `${base}-raw`;
  const raw = new RawConnection();
  const state: SumState = new Map();
  const result = await measure('write-only floor, raw RESP', async (events) => {
    let text = '';
    let commands = 0;
    const users: string[] = [];
    for (const [user, buckets, last, psum, pn] of shopperProgram(events)) {
      text += resp(['HSET', `${prefix}:pf:${user}:w`, ...changedFields(state, [user, buckets, last, psum, pn])]);
      commands += 1;
      users.push(user);
    }
    text += resp(['SADD', `${prefix}:pf:seen`, ...events.map((e) => e.id)]);
    text += resp(['SADD', `${prefix}:pf:dirty`, ...users]);
    await raw.send(text, commands + 2);
  });
  raw.close();
  await deletePrefix(redis, prefix);
  return result;
}

async function main(): Promise<void> {
  const baseline = await lua();
  const floor = await writeOnly();
  const raw = await writeOnlyRaw();
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const result = {
    benchmark: 'events-apply',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1e9), node: process.version },
    args: ARGS,
    baseline,
    floor,
    raw,
    ratios: {
      perSecond: ratio(floor.perSecond, baseline.perSecond),
      nodeUs: ratio(floor.nodeUs, baseline.nodeUs),
      redisUs: ratio(floor.redisUs, baseline.redisUs),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`
| apply (one client, batches of ${ARGS.batch}, ${ARGS.users.toLocaleString('en')} shoppers) | events/s | Node CPU µs/event | Redis CPU µs/event |
|---|---|---|---|
| baseline: JSON.parse + FeatureStore.apply (Lua) | ${baseline.perSecond.toLocaleString('en')} | ${baseline.nodeUs} | ${baseline.redisUs} |
| write-only floor of a write-behind consumer | ${floor.perSecond.toLocaleString('en')} | ${floor.nodeUs} | ${floor.redisUs} |
| the same floor, hand-built RESP on a plain socket | ${raw.perSecond.toLocaleString('en')} | ${raw.nodeUs} | ${raw.redisUs} |
| ratio floor / baseline | ${result.ratios.perSecond} | ${result.ratios.nodeUs} | ${result.ratios.redisUs} |`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `events-apply-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  redis.disconnect();
}

void main().catch(async (err) => {
  console.error(err);
  await deletePrefix(redis, `${base}-lua`).catch(() => undefined);
  await deletePrefix(redis, `${base}-floor`).catch(() => undefined);
  await deletePrefix(redis, `${base}-raw`).catch(() => undefined);
  process.exit(1);
});
