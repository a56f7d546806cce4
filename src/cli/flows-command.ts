import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { FlowError } from '../core/errors';
import { createActionRegistry } from '../flows/actions';
import { flowToMermaid } from '../flows/graph/mermaid';
import { loadFlowBundle } from '../flows/load-bundle';
import { parseYamlSource } from '../flows/load/yaml-source';
import { FlowProblem, renderFlowError, tidyFlowErrors } from '../flows/messages/flow-problem';
import { catalogueOf, resolveLang, type Lang } from '../flows/messages/lang';
import { writeFlowJsonSchema, flowJsonSchema } from '../flows/schema/json-schema';
import { closest } from '../flows/suggest';
import type { FlowBundle, FlowDef } from '../flows/types';
import { compileTriggers, type TriggerSpec } from '../outreach/trigger-schema';
import { registerFlowsExport } from './flows-export-command';

const DEFAULT_DIR = process.env.KEFU_FLOWS_DIR ?? 'flows';
const LANG_FLAGS = '--lang <lang>';
const LANG_HELP = 'language of the messages: zh (default) or en; KEFU_LANG sets the default';

/** Output sinks (injectable for tests). */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * `kefu flows check [dir]`: prints every error (one per line, each cause once, in file order), `proactive:` blocks
 * included, in `lang` (Chinese unless `--lang en` / `KEFU_LANG=en`); returns the exit code.
 *
 * @example
 * await flowsCheck('flows', stdio, registry.names(), 'en');
 */
export async function flowsCheck(
  dir: string,
  io: CliIO = stdio,
  actionNames = createActionRegistry().names(),
  lang: Lang = resolveLang(),
): Promise<number> {
  const texts = catalogueOf(lang).cli;
  const loaded = await loadFlowBundle(dir, { actionNames });
  const { bundle } = loaded;
  const errors = tidyFlowErrors([...loaded.errors, ...(bundle ? await checkProactive(bundle) : [])]);
  for (const e of errors) io.err(renderFlowError(e, lang));
  if (!bundle || errors.length > 0) {
    io.err(texts.errorCount(errors.length, dir));
    return 1;
  }
  const flows = [...bundle.flows.values()];
  const steps = flows.reduce((n, f) => n + f.steps.length, 0);
  const proactive = flows.reduce((n, f) => n + (f.proactive?.length ?? 0), 0);
  io.out(texts.ok({ dir, flows: bundle.flows.size, steps, intents: bundle.intents.size, proactive }));
  return 0;
}

/**
 * Validates the `proactive:` blocks of a loaded bundle with `compileTriggers` (src/outreach): every bad
 * entry (each at its own `file:line:col`), duplicate trigger ids, and `start:` naming an unknown flow.
 *
 * @example
 * const errors = await checkProactive(bundle); // [] when every trigger compiles
 * // `readText` reads a flow file's text again for positions (default: from disk; a studio draft passes its own)
 */
export async function checkProactive(
  bundle: FlowBundle,
  readText: (file: string) => Promise<string> = (file) => readFile(path.resolve(file), 'utf8'),
): Promise<FlowError[]> {
  const errors: FlowError[] = [];
  const good: FlowDef[] = [];
  for (const flow of bundle.flows.values()) {
    if (!flow.proactive?.length) continue;
    const ok: unknown[] = [];
    for (const entry of await withEntryPositions(flow, readText)) {
      const [spec] = collect(errors, () => compileTriggers([{ ...flow, proactive: [entry] }])) ?? [];
      if (!spec) continue;
      ok.push(entry);
      if (spec.start !== undefined && !bundle.flows.has(spec.start)) errors.push(unknownStart(spec, bundle));
    }
    good.push({ ...flow, proactive: ok });
  }
  collect(errors, () => compileTriggers(good)); // duplicate ids across flows (stops at the first)
  return errors;
}

function collect<T>(errors: FlowError[], run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    errors.push(err);
    return undefined;
  }
}

/** The flow's proactive entries, each with the position of its `- id:` line (read again from the file). */
async function withEntryPositions(flow: FlowDef, readText: (file: string) => Promise<string>): Promise<unknown[]> {
  const entries = flow.proactive ?? [];
  let text: string;
  try {
    text = await readText(flow.file);
  } catch {
    return entries;
  }
  const src = parseYamlSource(flow.file, text);
  return entries.map((raw, i) =>
    raw && typeof raw === 'object' && !Array.isArray(raw) && !('pos' in raw) ? { ...raw, pos: src.posOf(['proactive', i]) } : raw,
  );
}

function unknownStart(spec: TriggerSpec, bundle: FlowBundle): FlowError {
  const pos = spec.pos ?? bundle.flows.get(spec.flowId)!.pos;
  const flows = [...bundle.flows.keys()];
  const params = { id: spec.id, start: spec.start!, suggestion: closest(spec.start!, flows), flows };
  return new FlowProblem('proactive-unknown-start', params, pos, spec.flowId);
}

/** `kefu flows graph <flow>`: prints a Mermaid flowchart, or the errors in `lang`; returns the exit code. */
export async function flowsGraph(flowId: string, dir: string, io: CliIO = stdio, lang: Lang = resolveLang()): Promise<number> {
  const { bundle, errors } = await loadFlowBundle(dir);
  if (!bundle) {
    for (const e of errors) io.err(renderFlowError(e, lang));
    return 1;
  }
  const flow = bundle.flows.get(flowId);
  if (!flow) {
    const flows = [...bundle.flows.keys()];
    io.err(catalogueOf(lang).cli.unknownGraphFlow({ flowId, suggestion: closest(flowId, flows), flows }));
    return 1;
  }
  io.out(flowToMermaid(flow));
  return 0;
}

/** `kefu flows schema [--out file]`: writes (or prints) the flow JSON Schema. */
export async function flowsSchema(out: string | undefined, io: CliIO = stdio): Promise<number> {
  if (!out) {
    io.out(JSON.stringify(flowJsonSchema(), null, 2));
    return 0;
  }
  await writeFlowJsonSchema(out);
  io.out(`✓ wrote ${out}`);
  return 0;
}

/**
 * Registers `flows check|graph|schema|export` on the `kefu` program.
 *
 * @example
 * registerFlowsCommands(program); // kefu flows check flows/
 */
export function registerFlowsCommands(program: Command): void {
  const flows = program.command('flows').description('Check, draw and describe the flow files');
  flows
    .command('check [dir]')
    .description('Validate every flow file; prints all errors (in Chinese unless --lang en) and exits 1 if any')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (dir: string | undefined, opts: { lang?: string }) => {
      process.exitCode = await flowsCheck(dir ?? DEFAULT_DIR, stdio, createActionRegistry().names(), resolveLang(opts.lang));
    });
  flows
    .command('graph <flow>')
    .description('Print a Mermaid flowchart of one flow')
    .option('-d, --dir <dir>', 'flows directory', DEFAULT_DIR)
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (flowId: string, opts: { dir: string; lang?: string }) => {
      process.exitCode = await flowsGraph(flowId, opts.dir, stdio, resolveLang(opts.lang));
    });
  flows
    .command('schema')
    .description('Generate the JSON Schema of flow files (for editor completion)')
    .option('-o, --out <file>', 'write to this file (e.g. flows/flow.schema.json) instead of stdout')
    .action(async (opts: { out?: string }) => {
      process.exitCode = await flowsSchema(opts.out ? path.resolve(opts.out) : undefined);
    });
  registerFlowsExport(flows); // kefu flows export <dir> (docs/studio.md)
}
