import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { flowFileSchema } from './flow-schema';

/**
 * The JSON Schema of flow files, generated from the same zod schema that validates them, so
 * editors (yaml-language-server) complete and check flows/*.yaml.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowFileSchema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://kefu.dev/flow.schema.json', title: 'kefu flow file' };
}

/**
 * Writes the flow JSON Schema (pretty-printed) to `file`, e.g. flows/flow.schema.json.
 * Flow files opt in with `# yaml-language-server: $schema=./flow.schema.json`.
 */
export async function writeFlowJsonSchema(file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(flowJsonSchema(), null, 2)}\n`, 'utf8');
}
