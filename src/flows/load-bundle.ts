import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FlowError } from '../core/errors';
import { loadFlowFile, loadIntentsFile, loadSettingsFile } from './load/load-file';
import { DEFAULT_FLOW_SETTINGS } from './load/settings-defaults';
import type { YamlSource } from './load/yaml-source';
import { FlowProblem, tidyFlowErrors } from './messages/flow-problem';
import type { FlowBundle, FlowDef, FlowSettings, IntentDef } from './types';
import { validateMeaning } from './validate';
import { checkRegexSafety, TRIGGER_REGEX_FLAGS } from './validate/regex-safety';

/** Options of {@link loadFlowBundle}. */
export interface LoadBundleOptions {
  /** Registered action names; when given, unknown actions are errors. */
  actionNames?: string[];
  /** Version to stamp on the bundle (default 1). */
  version?: number;
}

/** What {@link loadFlowBundle} returns: a bundle only when there are no errors. */
export interface LoadBundleResult {
  bundle?: FlowBundle;
  errors: FlowError[];
}

/** The special files of a flows directory. */
export const INTENTS_FILE = 'intents.yaml';
export const SETTINGS_FILE = 'settings.yaml';
/** YAML files of a flows directory that are not flows: the profile tag catalogue and segments (src/profiles). */
export const PROFILE_FILES = ['profile-tags.yaml', 'segments.yaml'];

/** A path as shown in errors: relative to the working directory when inside it. */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/**
 * Loads every `*.yaml` in `dir` (not sub-directories): flow files, `intents.yaml` and
 * `settings.yaml`; validates structure (phase 1) then meaning (phase 2).
 *
 * @example
 * const { bundle, errors } = await loadFlowBundle('flows', { actionNames: registry.names() });
 * for (const e of errors) console.error(e.message);
 */
export async function loadFlowBundle(dir: string, options: LoadBundleOptions = {}): Promise<LoadBundleResult> {
  const abs = path.resolve(dir);
  let names: string[];
  try {
    names = (await readdir(abs, { withFileTypes: true })).filter((d) => d.isFile() && isBundleFile(d.name)).map((d) => d.name);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { errors: [new FlowProblem('dir-unreadable', { reason }, { file: displayPath(abs), line: 1, col: 1 })] };
  }
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(abs, name), 'utf8') })));
  return loadFlowSources(abs, files, options);
}

/** Whether a file name of a flows directory belongs to the flow bundle (flows, intents.yaml, settings.yaml). */
export function isBundleFile(name: string): boolean {
  return /\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name) && !name.includes('/') && !PROFILE_FILES.includes(name);
}

/**
 * Like {@link loadFlowBundle}, from file texts in memory (a studio draft, a stored version): `files` are named as in
 * the directory `dir` (errors show `dir/name`); names that are not bundle files (tests, profile files) are skipped.
 *
 * @example
 * const { bundle, errors } = await loadFlowSources('flows', [{ name: 'thanks.yaml', text }], { actionNames });
 */
export async function loadFlowSources(dir: string, files: { name: string; text: string }[], options: LoadBundleOptions = {}): Promise<LoadBundleResult> {
  const abs = path.resolve(dir);
  const texts = new Map(files.filter((f) => isBundleFile(f.name)).map((f) => [f.name, f.text]));
  const names = [...texts.keys()].sort();
  const read = async (name: string): Promise<[string, string]> => [displayPath(path.join(abs, name)), texts.get(name)!];
  const errors: FlowError[] = [];
  const sources = new Map<string, YamlSource>();
  let intents = new Map<string, IntentDef>();
  let settings: FlowSettings = DEFAULT_FLOW_SETTINGS;
  let settingsSource: YamlSource | undefined;
  const flows: FlowDef[] = [];
  const incomplete = { flows: false, intents: false };
  for (const name of names) {
    const [file, text] = await read(name);
    const loaded = name === INTENTS_FILE ? loadIntentsFile(file, text) : name === SETTINGS_FILE ? loadSettingsFile(file, text) : loadFlowFile(file, text);
    sources.set(file, loaded.src);
    errors.push(...loaded.errors);
    if (!loaded.value) {
      if (name === INTENTS_FILE) incomplete.intents = true;
      else if (name !== SETTINGS_FILE) incomplete.flows = true;
      continue;
    }
    if (name === INTENTS_FILE) intents = loaded.value as Map<string, IntentDef>;
    else if (name === SETTINGS_FILE) [settings, settingsSource] = [loaded.value as FlowSettings, loaded.src];
    else flows.push(loaded.value as FlowDef);
  }
  if (flows.length === 0 && errors.length === 0) {
    errors.push(new FlowProblem('dir-no-flows', {}, { file: displayPath(abs), line: 1, col: 1 }));
  }
  const regexSafety = await checkRegexSafety(compilingRegexes(flows));
  errors.push(...validateMeaning({ flows, intents, settings, sources, settingsSource, actionNames: options.actionNames, regexSafety, incomplete }));
  if (errors.length) return { errors: tidyFlowErrors(errors) };
  const bundle: FlowBundle = { flows: new Map(flows.map((f) => [f.id, f])), intents, settings, dir: abs, version: options.version ?? 1 };
  return { bundle, errors };
}

/** The `regex:` triggers that compile (the others are regex-syntax errors already). */
function compilingRegexes(flows: FlowDef[]): string[] {
  return flows.flatMap((f) => f.triggers.flatMap((t) => (t.regex !== undefined && compiles(t.regex) ? [t.regex] : [])));
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, TRIGGER_REGEX_FLAGS);
    return true;
  } catch {
    return false;
  }
}
