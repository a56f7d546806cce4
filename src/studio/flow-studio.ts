import { BadInputError, KefuError } from '../core/errors';
import type { Logger } from '../core/log';
import type { Recognition } from '../core/recognizer';
import type { ShopInfo } from '../flows/engine-types';
import { flowToMermaid } from '../flows/graph/mermaid';
import type { FlowBundle } from '../flows/types';
import { checkDraft, type DraftProblem } from './check-draft';
import { runDraftTests } from './draft-tests';
import { folderWritable, writeFlowFolder, type FlowFiles } from './flow-set';
import { diffFlowSets, type FileDiff } from './line-diff';
import { simulateChat, type SimulatedInput, type SimulatedTurn } from './simulator';
import { flowsByStage, type StageGroup } from './stages';
import type { FlowVersion, FlowVersionInfo, FlowVersionStore } from './version-store';

/** What the studio needs from the running kefu. */
export interface FlowStudioDeps {
  store: FlowVersionStore;
  /** The flows folder (developers' source; written on publish when writable). */
  dir: string;
  actionNames: string[];
  /** The lock all kefu processes share for importing and publishing. */
  lock<T>(fn: () => Promise<T>): Promise<T>;
  /** Serve a just-published version here and tell the other processes. */
  switchTo(version: FlowVersion, bundle: FlowBundle): Promise<void>;
  /** The live recogniser (the simulator understands the shopper as the bot does). */
  recognize(text: string): Promise<Recognition>;
  shop: ShopInfo;
  logger: Logger;
  /** Write published versions back to flows/ when it is writable. @defaultValue true */
  writeBack?: boolean;
}

/** Publishing refused: the problems and failed transcript tests, in Chinese. */
export class PublishBlockedError extends KefuError {
  constructor(
    readonly problems: DraftProblem[],
    readonly failures: string[],
  ) {
    super(
      'PUBLISH_BLOCKED',
      `草稿有 ${problems.length} 处错误、${failures.length} 个对话测试未通过，不能发布。The draft has ${problems.length} problem(s) and ${failures.length} failing transcript test(s).`,
      'correct each one listed, save, and publish again.',
    );
  }
}

/** A draft check for the editor: the problems, and the edited flow's graph when it loads. */
export interface EditorCheck {
  problems: DraftProblem[];
  mermaid?: string;
}

/**
 * The flow studio (工作室): drafts of the flow set, checks, a simulator, publishing with tests, rollback and diffs.
 * Every version lives in the {@link FlowVersionStore}; the served flows switch through `deps.switchTo`.
 *
 * @example
 * const draft = await studio.newDraft('xiaomei');
 * await studio.saveFile(draft.id, 'thanks.yaml', text);
 * await studio.publish(draft.id, 'xiaomei', '双十一感谢语'); // throws PublishBlockedError with the reasons
 */
export class FlowStudio {
  constructor(private readonly deps: FlowStudioDeps) {}

  versions(): Promise<FlowVersionInfo[]> {
    return this.deps.store.list();
  }

  /** A version with its files; the published one when `id` is undefined. */
  async version(id?: number): Promise<FlowVersion> {
    const v = id === undefined ? await this.deps.store.published() : await this.deps.store.get(id);
    if (!v)
      throw new KefuError(
        'NOT_FOUND',
        `版本 #${id ?? '(已发布)'} 不存在。Flow version ${id ?? 'published'} not found.`,
        'pick a version from the list.',
      );
    return v;
  }

  /** The flows of a version by shopping stage. */
  async stages(id?: number): Promise<{ version: FlowVersion; groups: StageGroup[]; actions: string[] }> {
    const version = await this.version(id);
    return { version, groups: flowsByStage(version.files), actions: this.deps.actionNames };
  }

  /** A new draft copied from `from` (default: the published version). */
  async newDraft(by: string, from?: number): Promise<FlowVersion> {
    const base = await this.version(from);
    return this.deps.store.createDraft(base.files, by, base.id);
  }

  /** Save one file of a draft (null deletes it); returns the draft and its problems now. */
  async saveFile(id: number, name: string, text: string | null): Promise<{ version: FlowVersion; problems: DraftProblem[] }> {
    const version = await this.deps.store.saveDraftFile(id, name, text);
    return { version, problems: (await checkDraft(this.deps.dir, version.files, this.deps.actionNames)).problems };
  }

  discard(id: number): Promise<FlowVersionInfo> {
    return this.deps.store.discardDraft(id);
  }

  /** Check a version with one file replaced (the editor's live validation; nothing is saved). */
  async check(id: number, name: string, text: string): Promise<EditorCheck> {
    const files = { ...(await this.version(id)).files, [name]: text };
    const { bundle, problems } = await checkDraft(this.deps.dir, files, this.deps.actionNames);
    const flow = bundle ? [...bundle.flows.values()].find((f) => f.file.endsWith(`/${name}`) || f.file === name) : undefined;
    return { problems, ...(flow ? { mermaid: flowToMermaid(flow, { wholeLabels: true }) } : {}) };
  }

  /** The Mermaid flowchart of one flow of a version. */
  async graph(id: number, flowId: string): Promise<string> {
    const flow = (await this.bundleOf(await this.version(id))).flows.get(flowId);
    if (!flow)
      throw new KefuError(
        'NOT_FOUND',
        `流程 ${flowId} 不在版本 #${id} 中。Flow ${flowId} is not in version ${id}.`,
        'pick a flow from the list.',
      );
    return flowToMermaid(flow, { wholeLabels: true });
  }

  /** Play a chat against a version (a draft usually): the real engine and recogniser, isolated state. */
  async simulate(id: number, inputs: SimulatedInput[], shopper: 'new' | 'returning' = 'new'): Promise<SimulatedTurn[]> {
    const bundle = await this.bundleOf(await this.version(id));
    return simulateChat(bundle, inputs, { recognize: (t) => this.deps.recognize(t), shop: this.deps.shop, shopper });
  }

  /** How a version differs from the published one. */
  async diff(id: number): Promise<{ against: number; files: FileDiff[] }> {
    const [published, version] = [await this.version(), await this.version(id)];
    return { against: published.id, files: diffFlowSets(published.files, version.files) };
  }

  /**
   * Publish a draft: the same checks as `kefu flows check` and every transcript test (flows/tests and the draft's own)
   * must pass, else {@link PublishBlockedError}. The version published before is archived; flows/ gets the files
   * when writable; every kefu process switches.
   */
  async publish(id: number, by: string, note: string): Promise<FlowVersion> {
    const why = requireNote(note);
    const draft = await this.version(id);
    if (draft.status !== 'draft')
      throw new KefuError(
        'CONFLICT',
        `版本 #${id} 不是草稿。Version ${id} is ${draft.status}.`,
        'to publish an older version again, use rollback.',
      );
    const { bundle, problems } = await checkDraft(this.deps.dir, draft.files, this.deps.actionNames, id);
    const { failures } = bundle ? await runDraftTests(this.deps.dir, draft.files, bundle, this.deps.shop) : { failures: [] };
    if (!bundle || failures.length) throw new PublishBlockedError(problems, failures);
    return this.record(bundle, draft.files, { draftId: id, source: 'studio', by, note: why });
  }

  /** Publish an older version again (a new version record), after the schema and meaning checks. */
  async rollback(id: number, by: string, note: string): Promise<FlowVersion> {
    const why = requireNote(note);
    const target = await this.version(id);
    if (target.status === 'draft')
      throw new KefuError('CONFLICT', `版本 #${id} 是草稿，请直接发布。Version ${id} is a draft.`, 'publish the draft instead.');
    const { bundle, problems } = await checkDraft(this.deps.dir, target.files, this.deps.actionNames);
    if (!bundle) throw new PublishBlockedError(problems, []);
    return this.record(bundle, target.files, { files: target.files, source: 'rollback', basedOn: id, by, note: why });
  }

  private async record(
    bundle: FlowBundle,
    files: FlowFiles,
    what: { draftId?: number; files?: FlowFiles; source: 'studio' | 'rollback'; basedOn?: number; by: string; note: string },
  ): Promise<FlowVersion> {
    const version = await this.deps.lock(async () => {
      const writable = (this.deps.writeBack ?? true) && (await folderWritable(this.deps.dir));
      const published = await this.deps.store.publish({ ...what, at: new Date(), inFolder: writable });
      if (writable) {
        try {
          await writeFlowFolder(this.deps.dir, files);
        } catch (err) {
          this.deps.logger.warn(
            { err, version: published.id },
            'published, but flows/ could not be written; the database keeps the version',
          );
          await this.deps.store.markInFolder(published.id, null);
        }
      }
      return published;
    });
    await this.deps.switchTo(version, { ...bundle, version: version.id });
    return version;
  }

  private async bundleOf(version: FlowVersion): Promise<FlowBundle> {
    const { bundle, problems } = await checkDraft(this.deps.dir, version.files, this.deps.actionNames, version.id);
    if (bundle) return bundle;
    const first = problems[0]!;
    throw new KefuError(
      'FLOW_INVALID',
      `版本 #${version.id} 有 ${problems.length} 处错误，例如 ${first.file}:${first.line}:${first.col} ${first.message}`,
      'correct the errors in the editor first.',
    );
  }
}

function requireNote(note: string): string {
  const why = note.trim();
  if (!why) throw new BadInputError('请填写发布说明（为什么发布）。A publish note is required.', 'say why, e.g. 双十一活动文案.');
  return why;
}
