import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../flows/load-bundle';
import { ProfileRuleError } from './rule-problem';
import { parseSegments, type SegmentDef } from './segment-catalogue';
import { parseTagCatalogue, type TagCatalogue } from './tag-catalogue';

/** The file names in the flows directory. */
export const TAGS_FILE = 'profile-tags.yaml';
export const SEGMENTS_FILE = 'segments.yaml';

/** What is serving: the last good tag catalogue and segments. */
export interface ProfileRuleSet {
  catalogue: TagCatalogue;
  segments: SegmentDef[];
  /** Bumped on every successful change. */
  version: number;
}

/** Options of {@link ProfileRules.start}. */
export interface ProfileRulesOptions {
  /** Watch both files and reload on change. @defaultValue true */
  watch?: boolean;
  /** Told every problem of a failed (re)load; the last good rules keep serving. */
  onError?(errors: ProfileRuleError[]): void;
  onReload?(rules: ProfileRuleSet): void;
  /** @defaultValue 100 */
  debounceMs?: number;
}

const EMPTY: TagCatalogue = { attributes: new Map(), tags: [], byName: new Map() };

/**
 * The tag catalogue (flows/profile-tags.yaml) and segments (flows/segments.yaml), validated and hot-reloaded like
 * the flows: a file with errors is reported (Chinese `file:line:col` lines) and the last good version keeps serving.
 * A missing file means no tags / no segments. Segments are checked against the catalogue in use.
 *
 * @example
 * const rules = await ProfileRules.start('flows', { onError: (errs) => errs.forEach((e) => log.warn(e.message)) });
 * rules.current().catalogue.tags.length; // 240
 */
export class ProfileRules {
  private rules: ProfileRuleSet = { catalogue: EMPTY, segments: [], version: 0 };
  private lastErrors: string[] = [];
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private running?: Promise<boolean>;

  private constructor(
    private readonly dir: string,
    private readonly options: ProfileRulesOptions,
  ) {}

  /** Load both files now and (by default) watch them. */
  static async start(dir: string, options: ProfileRulesOptions = {}): Promise<ProfileRules> {
    const rules = new ProfileRules(path.resolve(dir), options);
    await rules.reload();
    if (options.watch ?? true) rules.watchDir();
    return rules;
  }

  current(): ProfileRuleSet {
    return this.rules;
  }

  /** Problems of the last load (empty when both files are good). */
  errors(): string[] {
    return this.lastErrors;
  }

  /** Reload both files; true when everything loaded (each good file is taken even when the other has errors). */
  async reload(): Promise<boolean> {
    while (this.running) await this.running;
    this.running = this.reloadOnce();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private async reloadOnce(): Promise<boolean> {
    const errors: ProfileRuleError[] = [];
    let catalogue = this.rules.catalogue;
    const tagsText = await this.read(TAGS_FILE, errors);
    if (tagsText !== undefined) {
      const parsed = tagsText === null ? { catalogue: EMPTY, errors: [] } : parseTagCatalogue(this.file(TAGS_FILE), tagsText);
      errors.push(...parsed.errors);
      if (parsed.catalogue) catalogue = parsed.catalogue;
    }
    let segments = this.rules.segments;
    const segmentsText = await this.read(SEGMENTS_FILE, errors);
    if (segmentsText !== undefined) {
      const parsed =
        segmentsText === null ? { segments: [], errors: [] } : parseSegments(this.file(SEGMENTS_FILE), segmentsText, catalogue);
      errors.push(...parsed.errors);
      if (parsed.segments) segments = parsed.segments;
    }
    if (catalogue !== this.rules.catalogue || segments !== this.rules.segments) {
      this.rules = { catalogue, segments, version: this.rules.version + 1 };
      this.options.onReload?.(this.rules);
    }
    this.lastErrors = errors.map((e) => e.message);
    if (errors.length) this.options.onError?.(errors);
    return errors.length === 0;
  }

  /** The text of a file; null when it does not exist; undefined (and an error) when it cannot be read. */
  private async read(name: string, errors: ProfileRuleError[]): Promise<string | null | undefined> {
    try {
      return await readFile(path.join(this.dir, name), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      errors.push(
        new ProfileRuleError(`读不了这个文件（${code ?? (err as Error).message}）。`, '检查文件权限。', {
          file: this.file(name),
          line: 1,
          col: 1,
        }),
      );
      return undefined;
    }
  }

  private file(name: string): string {
    return displayPath(path.join(this.dir, name));
  }

  private watchDir(): void {
    try {
      this.watcher = watch(this.dir, (_event, name) => {
        if (name && ![TAGS_FILE, SEGMENTS_FILE].includes(String(name))) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 100);
      });
      this.watcher.on('error', () => undefined);
    } catch (err) {
      const at = { file: displayPath(this.dir), line: 1, col: 1 };
      this.options.onError?.([
        new ProfileRuleError(`无法监视这个目录（${(err as Error).message}），标签和分群改了要重启才生效。`, '检查目录存在且可读。', at),
      ]);
    }
  }
}
