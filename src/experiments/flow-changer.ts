import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KefuError } from '../core/errors';
import type { FlowDef } from '../flows/types';

/** How a stop or promotion reached the served flows. */
export interface FlowChangeReceipt {
  /** `studio`: a new published version; `file`: the flow file was written (and reloaded). */
  via: 'studio' | 'file';
  /** The flow file (its name in the flow set, or its path). */
  file: string;
  /** The published version, when through the studio. */
  version?: number;
}

/** Rewrites one flow file and makes it live. */
export interface FlowChanger {
  change(flow: FlowDef, edit: (text: string) => string, by: string, note: string): Promise<FlowChangeReceipt>;
}

/** The studio operations a changer needs (src/studio/flow-studio.ts). */
export interface StudioLike {
  version(id?: number): Promise<{ id: number; files: Record<string, string> }>;
  newDraft(by: string, from?: number): Promise<{ id: number; files: Record<string, string> }>;
  saveFile(id: number, name: string, text: string | null): Promise<unknown>;
  publish(id: number, by: string, note: string): Promise<{ id: number }>;
  discard(id: number): Promise<unknown>;
}

/** The name in a flow set of the file a flow was loaded from. */
function nameIn(files: Record<string, string>, flow: FlowDef): string {
  const name = Object.keys(files).find((n) => flow.file === n || flow.file.endsWith(`/${n}`));
  if (name === undefined)
    throw new KefuError(
      'NOT_FOUND',
      `发布版本里找不到流程 ${flow.id} 的文件。The published version has no file for flow '${flow.id}'.`,
      'reload the page; publish the flow in the studio first.',
    );
  return name;
}

/**
 * Changes through the flow studio: a draft of the published version with the edited file, published with the note
 * (the same checks and transcript tests as any publish; a refusal discards the draft and is thrown). Every kefu
 * process switches to the new version; rollback works as for any version.
 *
 * @example
 * const changer = studioChanger(core.studio);
 */
export function studioChanger(studio: StudioLike): FlowChanger {
  return {
    async change(flow, edit, by, note) {
      const draft = await studio.newDraft(by);
      const name = nameIn(draft.files, flow);
      try {
        await studio.saveFile(draft.id, name, edit(draft.files[name]!));
        const published = await studio.publish(draft.id, by, note);
        return { via: 'studio', file: name, version: published.id };
      } catch (err) {
        await studio.discard(draft.id).catch(() => undefined);
        throw err;
      }
    },
  };
}

/**
 * Changes by writing the flow file itself and reloading the flows (no studio): hot reload carries the change to the
 * other kefu processes watching the same folder.
 *
 * @example
 * const changer = fileChanger(() => flows.reload());
 */
export function fileChanger(reload: () => Promise<boolean>): FlowChanger {
  return {
    async change(flow, edit) {
      const file = path.resolve(flow.file);
      await writeFile(file, edit(await readFile(file, 'utf8')), 'utf8');
      if (!(await reload()))
        throw new KefuError(
          'FLOW_INVALID',
          `已写入 ${flow.file}，但流程没有重新加载。${flow.file} was written but the flows did not reload.`,
          'run `kefu flows check` and correct the file.',
        );
      return { via: 'file', file: flow.file };
    },
  };
}
