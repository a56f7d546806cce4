/**
 * Conversation-quality benchmark (`npm run bench:quality`, i.e. `tsx bench/quality.ts`): labels the hand-labelled
 * transcripts of bench/quality/ with the outcome labeller (src/quality/label-outcome.ts) and with the "flags only"
 * baseline, and reports per-class precision / recall / F1, macro F1 and the confusion matrix of each set.
 * `dev-transcripts.yaml` is the development set; `test-transcripts.yaml` is held out (never tuned on).
 * `--set dev` runs the development set only. Writes bench/results/quality-<time>.json and prints Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelOutcome } from '../src/quality/label-outcome';
import { OUTCOMES, type LabelledOutcome, type QualityEvent } from '../src/quality/outcome';
import { flagsOnly } from './quality-kit/baseline';
import { scoreOutcomes, type SetScore } from './quality-kit/scores';
import { readTranscripts, type LabelledTranscript } from './quality-kit/transcripts';

const ROOT = path.resolve(__dirname, '..');
const SETS = { dev: 'bench/quality/dev-transcripts.yaml', test: 'bench/quality/test-transcripts.yaml' } as const;
const TARGET = 0.85;

type Labeller = (events: readonly QualityEvent[]) => LabelledOutcome;

interface SetResult {
  file: string;
  labeller: SetScore;
  baseline: SetScore;
  /** Labeller macro F1 / baseline macro F1. */
  ratio: number;
  /** Development set only: the transcripts the labeller got wrong, with its signals. */
  errors?: { id: string; truth: string; predicted: string; signals: string[] }[];
}

function run(transcripts: LabelledTranscript[], labeller: Labeller): { score: SetScore; predicted: LabelledOutcome[] } {
  const predicted = transcripts.map((t) => labeller(t.events));
  return { score: scoreOutcomes(transcripts.map((t, i) => ({ truth: t.label, predicted: predicted[i]!.outcome }))), predicted };
}

function measure(name: keyof typeof SETS): SetResult {
  const transcripts = readTranscripts(path.join(ROOT, SETS[name]));
  const ours = run(transcripts, (events) => labelOutcome(events));
  const base = run(transcripts, flagsOnly);
  const result: SetResult = {
    file: SETS[name],
    labeller: ours.score,
    baseline: base.score,
    ratio: Math.round((ours.score.macroF1 / Math.max(base.score.macroF1, 1e-9)) * 100) / 100,
  };
  if (name === 'dev') {
    result.errors = transcripts.flatMap((t, i) => {
      const p = ours.predicted[i]!;
      return p.outcome === t.label ? [] : [{ id: t.id, truth: t.label, predicted: p.outcome, signals: p.signals }];
    });
  }
  return result;
}

function table(name: string, r: SetResult): string {
  const lines = [
    `### ${name} (${r.labeller.n} transcripts, ${r.file})`,
    '',
    '| labeller | macro F1 | accuracy | ' + OUTCOMES.map((c) => `${c} P / R / F1`).join(' | ') + ' |',
    '|---|---:|---:|' + OUTCOMES.map(() => '---:').join('|') + '|',
  ];
  for (const [label, s] of [
    ['outcome labeller', r.labeller],
    ['flags only (baseline)', r.baseline],
  ] as const) {
    const cells = OUTCOMES.map((c) => `${s.perClass[c].precision} / ${s.perClass[c].recall} / ${s.perClass[c].f1}`);
    lines.push(`| ${label} | ${s.macroF1} | ${s.accuracy} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    `Ratio (labeller / baseline macro F1): ${r.ratio}×; target macro F1 ≥ ${TARGET}: ${r.labeller.macroF1 >= TARGET ? 'met' : 'NOT met'}.`,
  );
  lines.push(
    '',
    'Confusion (rows: hand label, columns: labeller):',
    '',
    '| | ' + OUTCOMES.join(' | ') + ' |',
    '|---|' + OUTCOMES.map(() => '---:').join('|') + '|',
  );
  for (const t of OUTCOMES) lines.push(`| ${t} | ${OUTCOMES.map((p) => r.labeller.confusion[t][p]).join(' | ')} |`);
  return lines.join('\n');
}

function main(): void {
  const only = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : undefined;
  if (only !== undefined && !(only in SETS)) throw new Error(`--set ${only}: unknown set. Fix: use --set dev or --set test.`);
  const names = (only ? [only] : Object.keys(SETS)) as (keyof typeof SETS)[];
  const sets: Partial<Record<keyof typeof SETS, SetResult>> = {};
  for (const name of names) sets[name] = measure(name);
  const date = new Date().toISOString().replace(/[:.]/g, '-');
  const result = { date, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, target: TARGET, sets };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const out = path.join(ROOT, `bench/results/quality-${date}.json`);
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  for (const name of names) {
    console.log(table(name, sets[name]!) + '\n');
    for (const e of sets[name]!.errors ?? []) console.log(`- ${e.id}: ${e.truth} labelled ${e.predicted} (${e.signals.join(', ')})`);
  }
  console.error(`results: ${path.relative(ROOT, out)}`);
}

main();
