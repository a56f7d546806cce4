/**
 * Reading intent examples for the few-shot head from flows/intents.yaml.
 * Accepted shapes: `intents: [{name, description, examples}]`, `intents: {name: {description, examples}}`,
 * or the same map at the top level.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { KefuError } from '../../core/errors';

/** One intent with its examples. */
export interface IntentExamples {
  name: string;
  description?: string;
  examples: string[];
}

/** The intents file could not be read or has the wrong shape. */
export class IntentsFileError extends KefuError {
  constructor(file: string, problem: string) {
    super('INTENTS_INVALID', `${file}: ${problem}.`, 'give each intent a name and a list of example strings (see flows/intents.yaml).');
  }
}

function fromEntry(name: string, value: unknown, file: string): IntentExamples {
  const v = (value ?? {}) as { description?: unknown; examples?: unknown };
  if (!Array.isArray(v.examples)) throw new IntentsFileError(file, `intent '${name}' has no examples list`);
  const examples = v.examples.map((e) => String(e).trim()).filter((e) => e.length > 0);
  return { name, description: typeof v.description === 'string' ? v.description : undefined, examples };
}

/** Parse the YAML text of an intents file. */
export function parseIntents(text: string, file = 'intents.yaml'): IntentExamples[] {
  const doc = parse(text) as unknown;
  const root = doc && typeof doc === 'object' && 'intents' in doc ? (doc as { intents: unknown }).intents : doc;
  if (Array.isArray(root)) {
    return root.map((entry, i) => {
      const e = entry as { name?: unknown; intent?: unknown };
      const name = e?.name ?? e?.intent;
      if (typeof name !== 'string') throw new IntentsFileError(file, `intent #${i + 1} has no name`);
      return fromEntry(name, entry, file);
    });
  }
  if (root && typeof root === 'object') {
    return Object.entries(root as Record<string, unknown>).map(([name, v]) => fromEntry(name, v, file));
  }
  throw new IntentsFileError(file, 'expected a list or map of intents');
}

/**
 * Load and parse an intents file.
 *
 * @example
 * const intents = await loadIntentsFile('flows/intents.yaml');
 */
export async function loadIntentsFile(file: string): Promise<IntentExamples[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new IntentsFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseIntents(text, file);
}
