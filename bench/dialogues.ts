/**
 * Dialogue benchmark
 * (`npm run bench:dialogues [-- --nlu rules|model|both] [--only <id>[,<id>…]] [--quiet 400] [--max 5000] [--transcript]`).
 *
 * Replays whole shopper journeys (bench/dialogues/*.yaml, written from what shoppers write and what the shop's
 * flows offer, independent of flows/tests) over kefu's web chat socket, one shopper per journey, one journey after
 * another. Each turn's reply (every bot message until the socket is quiet `--quiet` ms, at most `--max` ms) is
 * checked against the turn's expectation. Two recognisers run in the same invocation: the rules recogniser
 * (`KEFU_NLU=rules`, the named baseline) and kefu's default intent model (`KEFU_NLU_MODEL`, teacher by default).
 * Prints a table (journeys and turns passed, p50/p95 first-reply latency) and writes it with every failing journey
 * (first failing turn and the bot's reply) to bench/results/dialogues-latest.md; failures also go to stderr, and
 * with `--transcript` every turn of every journey (✓/✗, shopper, bot) too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { checkReply } from './dialogue-kit/expectation';
import { loadJourneys, type Journey, type Turn } from './dialogue-kit/journey';
import { byFileTable, failures, summaryTable, transcript, type JourneyResult, type RunResult } from './dialogue-kit/report';
import { ShopperSocket, type QuietRule } from './dialogue-kit/shopper-socket';
import { startBenchBot, type Recogniser } from './dialogue-kit/start-bot';

interface Args {
  recognisers: Recogniser[];
  only?: string[];
  rule: QuietRule;
  transcript: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const nlu = get('nlu') ?? 'both';
  if (!['rules', 'model', 'both'].includes(nlu)) throw new Error(`--nlu ${nlu} is not known. Fix: use --nlu rules, model or both.`);
  const bounded = (v: string | undefined, fallback: number, max: number): number =>
    Math.max(50, Math.min(max, Number.parseInt(v ?? '', 10) || fallback));
  return {
    recognisers: nlu === 'both' ? ['rules', 'model'] : [nlu as Recogniser],
    only: get('only')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rule: { quietMs: bounded(get('quiet'), 400, 5000), maxMs: bounded(get('max'), 5000, 60_000) },
    transcript: argv.includes('--transcript'),
  };
}

const shown = (turn: Turn): string => turn.say ?? (turn.tap ? `[tap] ${turn.tap}` : `[${turn.event}]`);

async function replay(url: string, journey: Journey, rule: QuietRule): Promise<JourneyResult> {
  const shopper = await ShopperSocket.open(url, journey.user);
  try {
    const turns = [];
    for (const turn of journey.turns) {
      const got = await shopper.turn(turn, rule);
      const reply = [got.text, ...got.errors.map((e) => `[error ${e}]`)].filter(Boolean).join('\n');
      const verdict = checkReply(turn.expect, got);
      turns.push({
        shopper: shown(turn),
        pass: verdict.pass,
        why: verdict.pass ? undefined : verdict.why,
        reply,
        latencyMs: got.latencyMs,
      });
    }
    return { journey, turns, pass: turns.every((t) => t.pass) };
  } finally {
    shopper.close();
  }
}

async function run(nlu: Recogniser, journeys: Journey[], rule: QuietRule): Promise<RunResult> {
  const t0 = performance.now();
  const bot = await startBenchBot(nlu);
  const startSeconds = (performance.now() - t0) / 1000;
  const name = nlu === 'rules' ? `${bot.name} (baseline)` : bot.name;
  console.error(`${name}: started in ${startSeconds.toFixed(1)} s, replaying ${journeys.length} journeys…`);
  try {
    const results: JourneyResult[] = [];
    for (const journey of journeys) {
      const result = await replay(bot.url, journey, rule);
      results.push(result);
      process.stderr.write(result.pass ? '.' : 'F');
    }
    process.stderr.write('\n');
    return { name, journeys: results, startSeconds };
  } finally {
    await bot.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const all = loadJourneys(join(__dirname, 'dialogues'));
  const journeys = args.only ? all.filter((j) => args.only!.includes(j.id)) : all;
  if (journeys.length === 0)
    throw new Error(`--only ${args.only?.join(',')} matches no journey. Fix: use ids from bench/dialogues/*.yaml.`);
  const runs: RunResult[] = [];
  for (const nlu of args.recognisers) runs.push(await run(nlu, journeys, args.rule));
  const turns = journeys.reduce((n, j) => n + j.turns.length, 0);
  const head = [
    `## bench:dialogues — ${journeys.length} journeys, ${turns} turns over the web chat socket`,
    '',
    `${new Date().toISOString()}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; ` +
      `a turn ends ${args.rule.quietMs} ms after the last frame (at most ${args.rule.maxMs} ms). Latency: send → first reply.`,
    '',
    summaryTable(runs),
    '',
    byFileTable(runs),
  ].join('\n');
  console.log(`\n${head}\n`);
  const failing = runs.map((r) => `### Failures: ${r.name}\n\n${failures(r)}`).join('\n\n');
  if (args.transcript) console.error(runs.map((r) => `### Transcript: ${r.name}\n\n${transcript(r)}`).join('\n\n'));
  console.error(`\n${failing}\n`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'dialogues-latest.md');
  writeFileSync(file, `${head}\n\n${failing}\n`);
  console.log(`Saved ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
