import { ApiError, call } from './api';

/** The shopping stages of the studio. */
export type Stage = '售前' | '下单' | '售后' | '营销' | '服务';

/** A version of the flow set as the studio lists it. */
export interface VersionRow {
  id: number;
  status: 'draft' | 'published' | 'archived';
  source: 'studio' | 'files' | 'rollback';
  basedOn: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  note: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** A version with its files. */
export interface Version extends VersionRow {
  files: Record<string, string>;
}

/** One flow of the list. */
export interface StudioFlow {
  id: string;
  title: string;
  file: string;
  stage: Stage | null;
}

/** A problem of a draft, at a line and column, in Chinese. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** One simulated shopper action. */
export type SimInput = { text: string } | { click: string } | { event: string };

/** One simulated turn. */
export interface SimTurn {
  replies: { type: string; text: string; buttons?: string[] }[];
  flow: string | null;
  step: string | null;
  handoff: boolean;
}

/** One changed file against the published version. */
export interface FileDiff {
  file: string;
  change: 'added' | 'removed' | 'changed';
  lines: { op: ' ' | '+' | '-'; text: string }[];
}

/** Why a publish was refused. */
export interface Refusal {
  message: string;
  problems: Problem[];
  failures: string[];
}

export async function fetchVersions(): Promise<VersionRow[]> {
  return (await call<{ versions: VersionRow[] }>('GET', 'studio/versions')).versions;
}

export async function fetchVersion(id: number): Promise<Version> {
  return (await call<{ version: Version }>('GET', `studio/versions/${id}`)).version;
}

/** The flows of a version (default: the published one) by shopping stage, and the action names for completion. */
export async function fetchFlows(version?: number): Promise<{ groups: { stage: Stage | null; flows: StudioFlow[] }[]; actions: string[] }> {
  return call('GET', `studio/flows${version ? `?version=${version}` : ''}`);
}

export async function fetchGraph(version: number, flow: string): Promise<string> {
  return (await call<{ mermaid: string }>('GET', `studio/versions/${version}/graph/${encodeURIComponent(flow)}`)).mermaid;
}

export async function newDraft(from?: number): Promise<Version> {
  return (await call<{ version: Version }>('POST', 'studio/drafts', from ? { from } : {})).version;
}

export async function saveFile(version: number, name: string, text: string): Promise<Problem[]> {
  return (await call<{ problems: Problem[] }>('POST', `studio/versions/${version}/files`, { name, text })).problems;
}

/** Live validation of a file as typed (nothing saved): its problems, and its graph when it loads. */
export async function checkFile(version: number, name: string, text: string): Promise<{ problems: Problem[]; mermaid?: string }> {
  return call('POST', `studio/versions/${version}/check`, { name, text });
}

export async function simulate(version: number, inputs: SimInput[], shopper: 'new' | 'returning'): Promise<SimTurn[]> {
  return (await call<{ turns: SimTurn[] }>('POST', `studio/versions/${version}/simulate`, { inputs, shopper })).turns;
}

export async function fetchDiff(version: number): Promise<{ against: number; files: FileDiff[] }> {
  return call('GET', `studio/versions/${version}/diff`);
}

/** Publish a draft or roll back to an older version; a refusal (422) comes back as its reasons. */
export async function publish(version: number, note: string, rollback = false): Promise<Refusal | undefined> {
  try {
    await call('POST', `studio/versions/${version}/${rollback ? 'rollback' : 'publish'}`, { note });
    return undefined;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      const body = err.body as Partial<Refusal>;
      return { message: err.message, problems: body.problems ?? [], failures: body.failures ?? [] };
    }
    throw err;
  }
}
