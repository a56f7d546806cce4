/**
 * Bot Framework benchmark (`npm run bench:botframework [-- --conversations 100 --messages 5]`).
 *
 * One real kefu (`startKefu`, temporary SQLite, unique Redis prefix, KEFU_NLU or the rules recogniser) with the Bot
 * Framework door authenticated against a fake channel service on loopback (OpenID metadata, JWKS, token endpoint,
 * Bot Connector). N concurrent conversations each POST M message Activities one after another (signed tokens, as
 * Azure Bot Service sends them) and the time from the POST to the first reply Activity at the fake connector is
 * measured; in the same run, N concurrent web-chat shoppers send the same messages over WebSocket (send → first
 * reply). Prints a Markdown table with the ratio and writes bench/results/botframework-<timestamp>.json.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { KefuConfig } from '../src/config/schema';
import { startKefu, type RunningKefu } from '../src/main';
import { FakeBotFramework } from '../test/helpers/fake-botframework';
import { benchConfig, cleanRedis } from './dialogue-kit/start-bot';

const MESSAGES = ['你好', '这件卫衣有XL吗', '我的快递到哪了', '有优惠券吗', '卫衣什么材质的', '谢谢'];
const TURN_TIMEOUT_MS = 15_000;
const APP_ID = '00000000-bench-0000-0000-000000000001';
const APP_PASSWORD = 'bench-secret';

interface Result {
  adapter: string;
  conversations: number;
  messages: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  timeouts: number;
}

const arg = (name: string, fallback: number, max: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number.parseInt(process.argv[i + 1] ?? '', 10) : fallback;
  return Math.max(1, Math.min(max, Number.isFinite(v) ? v : fallback));
};

const pct = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

function summarise(adapter: string, conversations: number, latencies: number[], wallMs: number, sent: number, timeouts: number): Result {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    adapter,
    conversations,
    messages: sent,
    wallMs: Math.round(wallMs),
    perSecond: round((sent / wallMs) * 1000),
    p50: round(pct(sorted, 50)),
    p99: round(pct(sorted, 99)),
    timeouts,
  };
}

/** N Bot Framework conversations, M Activities each, one after another; latency = POST → first reply Activity. */
async function botFrameworkLoad(fake: FakeBotFramework, endpoint: string, n: number, m: number, run: string): Promise<Result> {
  const waiting = new Map<string, (at: number) => void>();
  fake.onActivity = (r) => {
    if (r.activity.type === 'message' && r.replyToId) waiting.get(r.replyToId)?.(performance.now());
  };
  const token = await fake.token();
  const latencies: number[] = [];
  let timeouts = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, c) => {
      for (let i = 0; i < m; i++) {
        const activity = fake.message(`${run}-conv-${c}`, `${run}-user-${c}`, MESSAGES[i % MESSAGES.length]!);
        const id = activity.id as string;
        const start = performance.now();
        const replied = new Promise<number | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), TURN_TIMEOUT_MS);
          waiting.set(id, (at) => {
            clearTimeout(timer);
            resolve(at);
          });
        });
        const res = await fake.post(endpoint, activity, { token });
        const at = res.status === 200 ? await replied : undefined;
        waiting.delete(id);
        if (at === undefined) timeouts++;
        else latencies.push(at - start);
      }
    }),
  );
  return summarise('botframework (HTTP Activities, JWT checked)', n, latencies, performance.now() - t0, n * m, timeouts);
}

/** N web-chat shoppers over WebSocket, M messages each; latency = send → first reply frame. */
async function webLoad(url: string, n: number, m: number): Promise<Result> {
  const latencies: number[] = [];
  let timeouts = 0;
  const sockets = await Promise.all(
    Array.from({ length: n }, async () => {
      const socket = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      await new Promise<void>((resolve) => {
        socket.on('message', (d) => JSON.parse(d.toString()).type === 'welcome' && resolve());
        socket.send(JSON.stringify({ type: 'hello' }));
      });
      socket.removeAllListeners('message');
      return socket;
    }),
  );
  const t0 = performance.now();
  await Promise.all(
    sockets.map(async (socket) => {
      for (let i = 0; i < m; i++) {
        const start = performance.now();
        const ok = await new Promise<boolean>((resolve) => {
          let first = true;
          const timer = setTimeout(() => resolve(false), TURN_TIMEOUT_MS);
          socket.on('message', (d) => {
            const f = JSON.parse(d.toString()) as { type: string; on?: boolean };
            if (f.type === 'reply' && first) {
              first = false;
              latencies.push(performance.now() - start);
            }
            if ((f.type === 'typing' && f.on === false) || f.type === 'error') {
              clearTimeout(timer);
              resolve(!first);
            }
          });
          socket.send(JSON.stringify({ type: 'message', id: `m${i}`, text: MESSAGES[i % MESSAGES.length] }));
        });
        socket.removeAllListeners('message');
        if (!ok) timeouts++;
      }
      socket.close();
    }),
  );
  return summarise('web (WebSocket)', n, latencies, performance.now() - t0, n * m, timeouts);
}

async function main(): Promise<void> {
  const n = arg('conversations', 100, 2000);
  const m = arg('messages', 5, 100);
  const nlu = process.env.KEFU_NLU ?? 'rules';
  const fake = await FakeBotFramework.start({ appId: APP_ID, appPassword: APP_PASSWORD });
  const { config: base, dataDir, prefix } = benchConfig('kefu-bench-botframework', nlu);
  const config: KefuConfig = {
    ...base,
    botframeworkAppId: APP_ID,
    botframeworkPassword: APP_PASSWORD,
    botframeworkOpenIdUrl: fake.openIdUrl,
    botframeworkLoginUrl: fake.baseUrl,
  };
  let kefu: RunningKefu | undefined;
  try {
    kefu = await startKefu(config, { watchFlows: false });
    const endpoint = `${kefu.url}/api/messages`;
    await botFrameworkLoad(fake, endpoint, 5, 1, 'warm'); // token, signing keys, flows warm
    const web = await webLoad(`${kefu.url.replace(/^http/, 'ws')}/chat/ws`, n, m);
    const bf = await botFrameworkLoad(fake, endpoint, n, m, 'run');
    const ratio = { throughput: Math.round((bf.perSecond / web.perSecond) * 100) / 100, p99: Math.round((bf.p99 / web.p99) * 100) / 100 };
    const machine = {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memGb: Math.round(totalmem() / 2 ** 30),
      os: `${platform()} ${release()}`,
      loadavg: loadavg(),
    };
    const rows = [web, bf].map(
      (r) => `| ${r.adapter} | ${r.conversations} | ${r.messages} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.timeouts} |`,
    );
    console.log(
      [
        `Bot Framework vs web chat, ${n} concurrent conversations × ${m} messages, recogniser: ${nlu}`,
        `(machine: ${machine.cpus} cores, load average ${machine.loadavg.map((l) => l.toFixed(1)).join(' ')} at the end)`,
        '',
        '| adapter | conversations | messages | messages/s | p50 reply ms | p99 reply ms | timeouts |',
        '|---|---|---|---|---|---|---|',
        ...rows,
        '',
        `ratio botframework / web: throughput ${ratio.throughput}×, p99 ${ratio.p99}×`,
      ].join('\n'),
    );
    mkdirSync(join('bench', 'results'), { recursive: true });
    const file = join('bench', 'results', `botframework-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), nlu, machine, results: [web, bf], ratio }, null, 2));
    console.log(`\nwritten ${file}`);
  } finally {
    fake.onActivity = undefined;
    if (kefu) {
      await cleanRedis(kefu.core.redis.redis as never, prefix);
      await kefu.close();
    }
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
