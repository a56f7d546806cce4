/**
 * Labelled JSONL sets: one {"text", "label"} object a line.
 */
import { readFile } from 'node:fs/promises';
import { BadInputError } from '../../core/errors';

/** One labelled message. */
export interface LabelledExample {
  text: string;
  label: string;
}

/** Parse JSONL text; blank lines are skipped, bad lines are reported with their number. */
export function parseJsonl(text: string, file = 'input'): LabelledExample[] {
  const out: LabelledExample[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new BadInputError(`${file}:${i + 1}: not valid JSON.`, 'write one {"text": "…", "label": "…"} object per line.');
    }
    const o = obj as { text?: unknown; label?: unknown };
    if (typeof o.text !== 'string' || typeof o.label !== 'string') {
      throw new BadInputError(
        `${file}:${i + 1}: needs string fields "text" and "label".`,
        'write one {"text": "…", "label": "…"} object per line.',
      );
    }
    out.push({ text: o.text, label: o.label });
  });
  return out;
}

/** Read a JSONL file of labelled examples. */
export async function readJsonl(file: string): Promise<LabelledExample[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new BadInputError(`Cannot read ${file}.`, 'check the path of the .jsonl file.');
  }
  return parseJsonl(text, file);
}
