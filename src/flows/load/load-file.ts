import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import { checkStructure } from '../schema/check-structure';
import { flowFileSchema, intentsFileSchema, settingsFileSchema, type RawIntentsFile, type RawSettingsFile } from '../schema/flow-schema';
import type { FlowDef, FlowSettings, IntentDef } from '../types';
import { buildFlow } from './build-flow';
import { DEFAULT_FLOW_SETTINGS } from './settings-defaults';
import { parseYamlSource, type YamlSource } from './yaml-source';

/** The result of loading one file: its source, what it defines (when phase 1 passed) and its errors. */
export interface LoadedFile<T> {
  src: YamlSource;
  value?: T;
  errors: FlowError[];
}

/** Parses and structurally checks one flow file. */
export function loadFlowFile(file: string, text: string): LoadedFile<FlowDef> {
  const src = parseYamlSource(file, text);
  const errors = checkStructure(src, flowFileSchema, 'flow');
  if (errors.length) return { src, errors };
  return { src, value: buildFlow(flowFileSchema.parse(src.value), src), errors };
}

/** Parses flows/intents.yaml (list or map form). Duplicate names are errors. */
export function loadIntentsFile(file: string, text: string): LoadedFile<Map<string, IntentDef>> {
  const src = parseYamlSource(file, text);
  const errors = checkStructure(src, intentsFileSchema, 'intents');
  if (errors.length) return { src, errors };
  const raw = intentsFileSchema.parse(src.value) as RawIntentsFile;
  const intents = new Map<string, IntentDef>();
  const entries = Array.isArray(raw.intents)
    ? raw.intents.map((it, i) => ({ ...it, path: ['intents', i] }))
    : Object.entries(raw.intents).map(([name, body]) => ({ name, ...(body ?? {}), path: ['intents', name] }));
  for (const e of entries) {
    const pos = src.posOf(e.path);
    if (intents.has(e.name)) {
      errors.push(new FlowProblem('duplicate-intent', { name: e.name, firstLine: intents.get(e.name)!.pos.line }, pos));
      continue;
    }
    intents.set(e.name, { name: e.name, description: e.description ?? '', examples: e.examples ?? [], pos });
  }
  return { src, value: intents, errors };
}

/** Parses flows/settings.yaml and fills in defaults. */
export function loadSettingsFile(file: string, text: string): LoadedFile<FlowSettings> {
  const src = parseYamlSource(file, text);
  if (src.value === null || src.value === undefined) return { src, value: DEFAULT_FLOW_SETTINGS, errors: src.errors };
  const errors = checkStructure(src, settingsFileSchema, 'settings');
  if (errors.length) return { src, errors };
  const raw = settingsFileSchema.parse(src.value) as RawSettingsFile;
  const { texts, service_hours, human_doors, surveys, ...rest } = raw;
  const d = DEFAULT_FLOW_SETTINGS;
  const value: FlowSettings = {
    ...d,
    ...rest,
    service_hours: { ...d.service_hours, ...service_hours },
    human_doors: { ...d.human_doors, ...human_doors },
    surveys: { ...d.surveys, ...surveys },
    texts: { ...d.texts, ...texts },
  };
  return { src, value, errors };
}
