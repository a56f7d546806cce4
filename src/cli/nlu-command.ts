/**
 * `kefu nlu eval <file.jsonl> [--json] [--model path | --student | --rules] [--intents file] [--no-lexical-head] [--normalize]`:
 * evaluate the intent model (or the flows' keyword/regex rules) on a labelled set, on the texts as written unless
 * `--normalize` is given.
 */
import type { Command } from 'commander';
import { intentModelPath } from '../config/intent-model-path';
import { BertRecognizer } from '../nlu/bert';
import { FlowRulesIntents } from './flow-rules-intents';
import { readJsonl } from '../nlu/eval/dataset';
import { evaluate } from '../nlu/eval/evaluate';
import { formatReport } from '../nlu/eval/format-report';
import { loadFlowBundle } from '../flows/load-bundle';
import { normalizerFor } from '../nlu/normalize';
import type { Recognizer } from '../core/recognizer';

interface EvalOptions {
  json?: boolean;
  model?: string;
  intents?: string;
  dtype?: 'fp32' | 'q8' | 'auto';
  student?: boolean;
  rules?: boolean;
  flows?: string;
  /** commander's `--no-lexical-head` sets this to false. */
  lexicalHead?: boolean;
  /** Normalise each text first, as the bot does (src/nlu/normalize). */
  normalize?: boolean;
}

/** `recognizer` reading each text after the bot's normaliser for the flows in `flowsDir` (`--normalize`). */
async function normalizing(recognizer: Recognizer, flowsDir: string): Promise<Recognizer> {
  const { bundle, errors } = await loadFlowBundle(flowsDir);
  if (!bundle) throw errors[0] ?? new Error(`No flows in ${flowsDir}. Fix: pass --flows <dir> with the shop's flows.`);
  const normalize = normalizerFor(bundle);
  process.stderr.write(`texts normalised as the bot does (pinyin, Traditional, full-width, typos; words of ${flowsDir})\n`);
  return { recognize: (text) => recognizer.recognize(normalize(text).text) };
}

function flowsDirOf(opts: EvalOptions): string {
  return opts.flows ?? process.env.KEFU_FLOWS_DIR ?? './flows';
}

/** Run the evaluation; logs go to stderr, the result to stdout. */
async function runEval(file: string, opts: EvalOptions): Promise<void> {
  const examples = await readJsonl(file);
  if (opts.rules) return runRulesEval(file, examples, opts);
  const model = opts.model ?? intentModelPath({ modelPath: process.env.KEFU_MODEL, nluModel: opts.student ? 'student' : 'teacher' });
  const allowRemoteModels = /^(1|true|yes|on)$/i.test(process.env.KEFU_ALLOW_REMOTE_MODELS ?? '');
  process.stderr.write(`kefu nlu eval: ${examples.length} examples from ${file}, model ${model}\n`);
  const nlu = await BertRecognizer.load({
    model,
    allowRemoteModels,
    intentsFile: opts.intents,
    dtype: opts.dtype,
    lexicalHead: opts.lexicalHead,
  });
  try {
    if (nlu.info.location.status) process.stderr.write(`model status: ${nlu.info.location.status}\n`);
    const lexical = nlu.info.lexicalHead;
    process.stderr.write(
      lexical ? `lexical head: on (classifier weight ${lexical.classifierWeight}, ${lexical.features} n-grams)\n` : 'lexical head: off\n',
    );
    const labels = [...new Set([...nlu.info.classifierLabels, ...nlu.info.fewShotLabels])];
    const recognizer = opts.normalize ? await normalizing(nlu, flowsDirOf(opts)) : nlu;
    printReport(await evaluate(recognizer, examples, labels), opts);
  } finally {
    await nlu.close();
  }
}

/** The flows' keyword and regex triggers measured as a classifier (what `KEFU_NLU=rules` understands). */
async function runRulesEval(file: string, examples: Awaited<ReturnType<typeof readJsonl>>, opts: EvalOptions): Promise<void> {
  const flows = flowsDirOf(opts);
  process.stderr.write(`kefu nlu eval: ${examples.length} examples from ${file}, the keyword/regex rules of ${flows}\n`);
  const rules = await FlowRulesIntents.load(flows);
  const recognizer = opts.normalize ? await normalizing(rules, flows) : rules;
  printReport(await evaluate(recognizer, examples, rules.labels), opts);
}

function printReport(report: Awaited<ReturnType<typeof evaluate>>, opts: EvalOptions): void {
  const unknown = Object.entries(report.unknownLabels);
  if (unknown.length > 0) {
    process.stderr.write(`labels unknown to the model (counted as errors): ${unknown.map(([l, n]) => `${l}×${n}`).join(', ')}\n`);
  }
  if (opts.json) {
    const { accuracy, macroF1, perIntent, latencyMs } = report;
    process.stdout.write(JSON.stringify({ accuracy, macroF1, perIntent, latencyMs }) + '\n');
  } else {
    process.stdout.write(formatReport(report));
  }
}

/**
 * Add the `nlu` command group to the CLI.
 *
 * @example
 * const program = new Command('kefu');
 * registerNluCommands(program);
 */
export function registerNluCommands(program: Command): void {
  const nlu = program.command('nlu').description('intent recognition tools');
  nlu
    .command('eval')
    .description('evaluate the intent model on a JSONL file of {"text", "label"} lines')
    .argument('<file>', 'labelled .jsonl file')
    .option('--json', 'print one JSON object (accuracy, macroF1, perIntent, latencyMs) on stdout')
    .option('--model <path>', 'model folder or hub id (default KEFU_MODEL or ./models/kefu-intent-teacher)')
    .option('--student', 'the distilled student (./models/kefu-intent-student) instead of the teacher')
    .option('--rules', "the flows' keyword/regex triggers as a classifier (what KEFU_NLU=rules understands)")
    .option('--flows <dir>', 'flows folder for --rules and --normalize (default KEFU_FLOWS_DIR or ./flows)')
    .option('--intents <file>', 'intents.yaml for few-shot intents (default flows/intents.yaml when present)')
    .option('--dtype <dtype>', 'auto (int8 when the folder has it), q8 or fp32', 'auto')
    .option('--no-lexical-head', "the classifier alone, without the model folder's lexical-head.json")
    .option('--normalize', 'normalise each text first as the bot does (pinyin, Traditional, full-width, typos); off by default')
    .action(async (file: string, opts: EvalOptions) => {
      await runEval(file, opts);
    });
}
