import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { FlowError } from '../core/errors';
import { createActionRegistry } from '../flows/actions';
import { flowToMermaid } from '../flows/graph/mermaid';
import { loadFlowBundle } from '../flows/load-bundle';
import { parseYamlSource } from '../flows/load/yaml-source';
import { writeFlowJsonSchema, flowJsonSchema } from '../flows/schema/json-schema';
import { didYouMean } from '../flows/suggest';
import type { FlowBundle, FlowDef } from '../flows/types';
import { compileTriggers, type TriggerSpec } from '../outreach/trigger-schema';

const DEFAULT_DIR = process.env.KEFU_FLOWS_DIR ?? 'flows';

/** Output sinks (injectable for tests). */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** `kefu flows check [dir]`: prints every error (one per line), `proactive:` blocks included; returns the exit code. */
export async function flowsCheck(dir: string, io: CliIO = stdio, actionNames = createActionRegistry().names()): Promise<number> {
  const { bundle, errors } = await loadFlowBundle(dir, { actionNames });
  if (bundle) errors.push(...(await checkProactive(bundle)));
  for (const e of errors) io.err(e.message);
  if (!bundle || errors.length > 0) {
    io.err(`✗ ${errors.length} error${errors.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const flows = [...bundle.flows.values()];
  const steps = flows.reduce((n, f) => n + f.steps.length, 0);
  const proactive = flows.reduce((n, f) => n + (f.proactive?.length ?? 0), 0);
  const extra = proactive > 0 ? `, ${proactive} proactive triggers` : '';
  io.out(`✓ ${dir}: ${bundle.flows.size} flows, ${steps} steps, ${bundle.intents.size} intents${extra} — no errors`);
  return 0;
}

/**
 * Validates the `proactive:` blocks of a loaded bundle with `compileTriggers` (src/outreach): every bad
 * entry (each at its own `file:line:col`), duplicate trigger ids, and `start:` naming an unknown flow.
 *
 * @example
 * const errors = await checkProactive(bundle); // [] when every trigger compiles
 */
export async function checkProactive(bundle: FlowBundle): Promise<FlowError[]> {
  const errors: FlowError[] = [];
  const good: FlowDef[] = [];
  for (const flow of bundle.flows.values()) {
    if (!flow.proactive?.length) continue;
    const ok: unknown[] = [];
    for (const entry of await withEntryPositions(flow)) {
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
async function withEntryPositions(flow: FlowDef): Promise<unknown[]> {
  const entries = flow.proactive ?? [];
  let text: string;
  try {
    text = await readFile(path.resolve(flow.file), 'utf8');
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
  const hint = didYouMean(spec.start!, bundle.flows.keys(), `start one of: ${[...bundle.flows.keys()].join(', ')}.`);
  return new FlowError(
    `proactive trigger '${spec.id}' starts unknown flow '${spec.start}'.`,
    pos.file,
    pos.line,
    pos.col,
    hint,
    spec.flowId,
  );
}

/** `kefu flows graph <flow>`: prints a Mermaid flowchart; returns the exit code. */
export async function flowsGraph(flowId: string, dir: string, io: CliIO = stdio): Promise<number> {
  const { bundle, errors } = await loadFlowBundle(dir);
  if (!bundle) {
    for (const e of errors) io.err(e.message);
    return 1;
  }
  const flow = bundle.flows.get(flowId);
  if (!flow) {
    io.err(
      `Unknown flow '${flowId}'. Fix: ${didYouMean(flowId, bundle.flows.keys(), `use one of: ${[...bundle.flows.keys()].join(', ')}.`)}`,
    );
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
 * Registers `flows check|graph|schema` on the `kefu` program.
 *
 * @example
 * registerFlowsCommands(program); // kefu flows check flows/
 */
export function registerFlowsCommands(program: Command): void {
  const flows = program.command('flows').description('Check, draw and describe the flow files');
  flows
    .command('check [dir]')
    .description('Validate every flow file; prints all errors and exits 1 if any')
    .action(async (dir?: string) => {
      process.exitCode = await flowsCheck(dir ?? DEFAULT_DIR);
    });
  flows
    .command('graph <flow>')
    .description('Print a Mermaid flowchart of one flow')
    .option('-d, --dir <dir>', 'flows directory', DEFAULT_DIR)
    .action(async (flowId: string, opts: { dir: string }) => {
      process.exitCode = await flowsGraph(flowId, opts.dir);
    });
  flows
    .command('schema')
    .description('Generate the JSON Schema of flow files (for editor completion)')
    .option('-o, --out <file>', 'write to this file (e.g. flows/flow.schema.json) instead of stdout')
    .action(async (opts: { out?: string }) => {
      process.exitCode = await flowsSchema(opts.out ? path.resolve(opts.out) : undefined);
    });
}
