/**
 * Results of a dialogue benchmark run and their Markdown rendering (summary table, per-file table, failures).
 */
import type { Journey } from './journey';

/** One checked turn. */
export interface TurnResult {
  /** What the shopper did, as shown in the report (`say` text, `[tap] …`, `[visit]`). */
  shopper: string;
  pass: boolean;
  why?: string;
  reply: string;
  latencyMs?: number;
}

/** One replayed journey. */
export interface JourneyResult {
  journey: Journey;
  turns: TurnResult[];
  /** Every turn passed. */
  pass: boolean;
}

/** One recogniser's run over every journey. */
export interface RunResult {
  /** e.g. `rules recogniser (baseline)`. */
  name: string;
  journeys: JourneyResult[];
  /** Seconds kefu took to start (model loading included). */
  startSeconds: number;
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);

/** p-th percentile of the run's first-reply latencies, ms. */
export function latency(run: RunResult, p: number): number {
  const all = run.journeys
    .flatMap((j) => j.turns.map((t) => t.latencyMs))
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  return all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
}

/** Journeys and turns passed by one run. */
export function tally(run: RunResult): { journeys: number; journeysPassed: number; turns: number; turnsPassed: number } {
  const turns = run.journeys.flatMap((j) => j.turns);
  return {
    journeys: run.journeys.length,
    journeysPassed: run.journeys.filter((j) => j.pass).length,
    turns: turns.length,
    turnsPassed: turns.filter((t) => t.pass).length,
  };
}

/** The summary table: recogniser × journeys passed, turns passed, p50/p95 first-reply latency. */
export function summaryTable(runs: RunResult[]): string {
  const rows = runs.map((run) => {
    const t = tally(run);
    const ms = (p: number): string => (Number.isFinite(latency(run, p)) ? latency(run, p).toFixed(0) : '–');
    return `| ${run.name} | ${t.journeysPassed}/${t.journeys} (${pct(t.journeysPassed, t.journeys)}) | ${t.turnsPassed}/${t.turns} (${pct(t.turnsPassed, t.turns)}) | ${ms(50)} | ${ms(95)} |`;
  });
  return ['| recogniser | journeys passed | turns passed | p50 reply ms | p95 reply ms |', '|---|---:|---:|---:|---:|', ...rows].join('\n');
}

/** Journeys passed per file (theme) and recogniser. */
export function byFileTable(runs: RunResult[]): string {
  const files = [...new Set(runs.flatMap((r) => r.journeys.map((j) => j.journey.file)))];
  const rows = files.map((file) => {
    const cells = runs.map((run) => {
      const js = run.journeys.filter((j) => j.journey.file === file);
      return `${js.filter((j) => j.pass).length}/${js.length}`;
    });
    return `| ${file} | ${cells.join(' | ')} |`;
  });
  return [`| file | ${runs.map((r) => r.name).join(' | ')} |`, `|---|${runs.map(() => '---:').join('|')}|`, ...rows].join('\n');
}

const quote = (text: string): string => text.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\|/g, '\\|');

/** Every failed journey of a run with its first failing turn and the bot's reply. */
export function failures(run: RunResult): string {
  const failed = run.journeys.filter((j) => !j.pass);
  if (failed.length === 0) return `All journeys passed with the ${run.name}.`;
  return failed
    .map((j) => {
      const n = j.turns.findIndex((t) => !t.pass);
      const t = j.turns[n]!;
      const others = j.turns.filter((x, i) => i > n && !x.pass).length;
      return [
        `- **${j.journey.id}** (${j.journey.file}), turn ${n + 1}/${j.turns.length}${others > 0 ? ` (+${others} later failing)` : ''}: ${t.why}`,
        `  - shopper: ${quote(t.shopper)}`,
        `  - bot: ${quote(t.reply) || '(nothing)'}`,
      ].join('\n');
    })
    .join('\n');
}

/** Every turn of every journey of a run: ✓/✗, what the shopper did and what the bot said. */
export function transcript(run: RunResult): string {
  return run.journeys
    .map((j) =>
      [
        `- ${j.pass ? '✓' : '✗'} **${j.journey.id}** (${j.journey.file})`,
        ...j.turns.map((t) => `  - ${t.pass ? '✓' : `✗ ${t.why}`}: ${quote(t.shopper)} → ${quote(t.reply) || '(nothing)'}`),
      ].join('\n'),
    )
    .join('\n');
}
