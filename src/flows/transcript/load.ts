import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FlowError } from '../../core/errors';
import { displayPath } from '../load-bundle';
import { parseTranscript } from './parse';
import type { TranscriptTest } from './types';

/**
 * Finds and parses every `*.test.yaml` in a directory (default flows/tests).
 *
 * @example
 * const { tests, errors } = await loadTranscripts('flows/tests');
 */
export async function loadTranscripts(dir: string): Promise<{ tests: TranscriptTest[]; errors: FlowError[] }> {
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => /\.test\.ya?ml$/.test(n)).sort();
  } catch {
    return { tests: [], errors: [] };
  }
  const tests: TranscriptTest[] = [];
  const errors: FlowError[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseTranscript(displayPath(path.resolve(file)), await readFile(file, 'utf8'));
    if (parsed.test) tests.push(parsed.test);
    errors.push(...parsed.errors);
  }
  return { tests, errors };
}
