/**
 * `kefu nlu eval <file.jsonl> [--json] [--model path] [--intents file] [--no-lexical-head]`: evaluate the BERT recogniser.
 */
import type { Command } from 'commander';
import { BertRecognizer } from '../nlu/bert';
import { readJsonl } from '../nlu/eval/dataset';
import { evaluate } from '../nlu/eval/evaluate';
import { formatReport } from '../nlu/eval/format-report';

interface EvalOptions {
  json?: boolean;
  model?: string;
  intents?: string;
  dtype?: 'fp32' | 'q8' | 'auto';
  /** commander's `--no-lexical-head` sets this to false. */
  lexicalHead?: boolean;
}

/** Run the evaluation; logs go to stderr, the result to stdout. */
async function runEval(file: string, opts: EvalOptions): Promise<void> {
  const examples = await readJsonl(file);
  const model = opts.model ?? process.env.KEFU_MODEL ?? './models/kefu-intent-zh';
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
    const report = await evaluate(nlu, examples, labels);
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
  } finally {
    await nlu.close();
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
    .option('--model <path>', 'model folder or hub id (default KEFU_MODEL or ./models/kefu-intent-zh)')
    .option('--intents <file>', 'intents.yaml for few-shot intents (default flows/intents.yaml when present)')
    .option('--dtype <dtype>', 'fp32, q8 or auto', 'fp32')
    .option('--no-lexical-head', "the classifier alone, without the model folder's lexical-head.json")
    .action(async (file: string, opts: EvalOptions) => {
      await runEval(file, opts);
    });
}
