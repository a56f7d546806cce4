import path from 'node:path';
import type { Command } from 'commander';
import { createActionRegistry } from '../flows/actions';
import { flowToMermaid } from '../flows/graph/mermaid';
import { loadFlowBundle } from '../flows/load-bundle';
import { writeFlowJsonSchema, flowJsonSchema } from '../flows/schema/json-schema';
import { didYouMean } from '../flows/suggest';

const DEFAULT_DIR = process.env.KEFU_FLOWS_DIR ?? 'flows';

/** Output sinks (injectable for tests). */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** `kefu flows check [dir]`: prints every error (one per line); returns the exit code. */
export async function flowsCheck(dir: string, io: CliIO = stdio, actionNames = createActionRegistry().names()): Promise<number> {
  const { bundle, errors } = await loadFlowBundle(dir, { actionNames });
  for (const e of errors) io.err(e.message);
  if (!bundle) {
    io.err(`✗ ${errors.length} error${errors.length === 1 ? '' : 's'} in ${dir}`);
    return 1;
  }
  const steps = [...bundle.flows.values()].reduce((n, f) => n + f.steps.length, 0);
  io.out(`✓ ${dir}: ${bundle.flows.size} flows, ${steps} steps, ${bundle.intents.size} intents — no errors`);
  return 0;
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
