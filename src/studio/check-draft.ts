import path from 'node:path';
import { checkProactive } from '../cli/flows-command';
import type { FlowError } from '../core/errors';
import { displayPath, loadFlowSources } from '../flows/load-bundle';
import { renderFlowError, tidyFlowErrors } from '../flows/messages/flow-problem';
import type { FlowBundle } from '../flows/types';
import type { FlowFiles } from './flow-set';

/** One problem of a draft, where it is and what to do, in Chinese (the editor marks it at its line). */
export interface DraftProblem {
  /** The file's name in the flow set, e.g. `thanks.yaml`. */
  file: string;
  line: number;
  col: number;
  message: string;
}

/** What {@link checkDraft} found: a bundle when the draft has no problem. */
export interface DraftCheck {
  bundle?: FlowBundle;
  problems: DraftProblem[];
}

/**
 * The same checks as `kefu flows check` over a flow set in memory: the schema (phase 1), the meaning (phase 2) and
 * the `proactive:` blocks. `dir` is the flows folder the files belong to (errors name `flows/<file>`).
 *
 * @example
 * const { bundle, problems } = await checkDraft('flows', draft.files, actions.names());
 * problems[0]; // { file: 'thanks.yaml', line: 7, col: 11, message: '步骤 bye 的 next 指向不存在的步骤 nowhere…' }
 */
export async function checkDraft(dir: string, files: FlowFiles, actionNames: string[], version = 1): Promise<DraftCheck> {
  const entries = Object.entries(files).map(([name, text]) => ({ name, text }));
  const loaded = await loadFlowSources(dir, entries, { actionNames, version });
  const byDisplay = new Map(Object.keys(files).map((name) => [displayPath(path.resolve(dir, name)), name]));
  const readText = async (file: string): Promise<string> => files[byDisplay.get(file) ?? ''] ?? '';
  const errors = tidyFlowErrors([...loaded.errors, ...(loaded.bundle ? await checkProactive(loaded.bundle, readText) : [])]);
  const problems = errors.map((e) => toProblem(e, byDisplay));
  return problems.length ? { problems } : { bundle: loaded.bundle, problems };
}

function toProblem(error: FlowError, names: Map<string, string>): DraftProblem {
  const where = `${error.file}:${error.line}:${error.col}: `;
  const text = renderFlowError(error, 'zh');
  return {
    file: names.get(error.file) ?? path.basename(error.file),
    line: error.line,
    col: error.col,
    message: text.startsWith(where) ? text.slice(where.length) : text,
  };
}
