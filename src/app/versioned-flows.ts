import type { Logger } from '../core/log';
import { loadFlowSources } from '../flows/load-bundle';
import type { FlowBundle } from '../flows/types';
import { hashFlowFiles, readFlowFolder } from '../studio/flow-set';
import type { SwitchNotices } from '../studio/switch-notices';
import type { FlowVersion, FlowVersionStore } from '../studio/version-store';
import { startFlows, type FlowsRuntime } from './flows-runtime';

/** Options of {@link startVersionedFlows}. */
export interface VersionedFlowsOptions {
  dir: string;
  actionNames: string[];
  logger: Logger;
  /** Watch flows/ (developers' hot reload). */
  watch: boolean;
  /** Called with each bundle switched to after start (a folder edit, a publish here or in another process). */
  onReload?(bundle: FlowBundle): void;
  store: FlowVersionStore;
  notices: SwitchNotices;
  /** Runs `fn` under the lock that all kefu processes share for importing and publishing. */
  lock<T>(fn: () => Promise<T>): Promise<T>;
  /** How often the published id is checked besides the notices. @defaultValue 30000 */
  checkEveryMs?: number;
}

/** The flows being served, from the published version in the database. */
export interface VersionedFlows extends FlowsRuntime {
  /** The id of the version served. */
  servedVersion(): number;
  /** Serve `version` now (its already-checked bundle may be given); false when it does not load. */
  serve(version: FlowVersion, bundle?: FlowBundle): Promise<boolean>;
  /** Load and serve the published version when it is not the one served (after a notice). */
  follow(): Promise<void>;
}

const IMPORT_NOTE = '从 flows/ 文件夹导入（开发者的提交）';

/**
 * The served flows come from the published version in the database; flows/ stays the developers' source:
 * - at start, and whenever the watched folder changes to a valid set, a folder that differs from what kefu last read
 *   from or wrote to it is imported as a new published version by `files` (a developer's commit wins on deploy);
 * - a publish (the studio, here or in another process) is announced on Redis and every process loads the published
 *   version from the database; the published id is also checked every 30 s in case a notice was lost.
 * flows/ must hold a valid set at start (as before): start-up fails with every error listed otherwise.
 *
 * @example
 * const flows = await startVersionedFlows({ dir, actionNames, logger, watch: true, store, notices, lock });
 * flows.current(); // the published version's bundle (bundle.version is its id)
 */
export async function startVersionedFlows(options: VersionedFlowsOptions): Promise<VersionedFlows> {
  const { dir, actionNames, logger, store } = options;
  let pending: Promise<void> = Promise.resolve();
  const folder = await startFlows(dir, actionNames, logger, {
    watch: options.watch,
    onReload: (next) => {
      pending = pending.then(() => fromFolder(next));
    },
  });
  let bundle = folder.current();
  let served = 0;
  let loadedAt = new Date().toISOString();
  let errors: string[] = [];
  const swap = (next: FlowBundle, id: number, tell = true): void => {
    bundle = { ...next, version: id };
    served = id;
    loadedAt = new Date().toISOString();
    errors = [];
    logger.info({ version: id, flows: next.flows.size }, 'flows switched to version');
    if (tell) options.onReload?.(bundle);
  };
  const serve = async (version: FlowVersion, ready?: FlowBundle): Promise<boolean> => {
    if (version.id === served) return true;
    const entries = Object.entries(version.files).map(([name, text]) => ({ name, text }));
    const loaded = ready ? { bundle: ready, errors: [] } : await loadFlowSources(dir, entries, { actionNames, version: version.id });
    if (!loaded.bundle) {
      errors = loaded.errors.map((e) => e.message);
      logger.error(
        { version: version.id, errors: errors.length },
        'the published flow version does not load here; the last good version keeps serving',
      );
      return false;
    }
    swap(loaded.bundle, version.id);
    return true;
  };
  /** Import flows/ when it changed since kefu last read or wrote it; the new version's id, or undefined. */
  const syncFolder = (): Promise<{ version?: FlowVersion; hash: string }> =>
    options.lock(async () => {
      const files = await readFlowFolder(dir);
      const hash = hashFlowFiles(files);
      if ((await store.lastInFolder())?.contentHash === hash) return { hash };
      const version = await store.publish({ files, source: 'files', by: 'files', note: IMPORT_NOTE, at: new Date(), inFolder: true });
      logger.info({ version: version.id }, 'flows/ changed: imported and published as a new version');
      return { version, hash };
    });
  const fromFolder = async (next: FlowBundle): Promise<void> => {
    try {
      const { version } = await syncFolder();
      if (!version) return; // the folder holds what kefu wrote there (a publish) or read already
      swap(next, version.id);
      await options.notices.publish(version.id);
    } catch (err) {
      logger.warn({ err }, 'flows/ changed but could not be recorded as a version; the served version stays');
    }
  };
  const follow = async (): Promise<void> => {
    const published = await store.published();
    if (published && published.id !== served) await serve(published);
  };

  const start = await syncFolder();
  const published = (await store.published())!;
  if (published.contentHash === start.hash) swap(folder.current(), published.id, false);
  else if (!(await serve(published))) served = published.id; // logged; the folder's bundle serves meanwhile
  if (start.version) await options.notices.publish(start.version.id);
  const stopListening = await options.notices.listen(() => {
    pending = pending.then(follow).catch((err) => logger.warn({ err }, 'could not load the published flow version'));
  });
  const timer = setInterval(() => {
    void store
      .publishedId()
      .then((id) => (id !== undefined && id !== served ? follow() : undefined))
      .catch(() => undefined);
  }, options.checkEveryMs ?? 30_000);
  timer.unref();

  return {
    current: () => bundle,
    servedVersion: () => served,
    serve,
    follow,
    reload: async () => {
      const ok = await folder.reload();
      await pending;
      return ok;
    },
    status: () => {
      const folderStatus = folder.status();
      const all = [...folderStatus.errors, ...errors];
      return { ok: all.length === 0, flows: [...bundle.flows.keys()], loadedAt, errors: all };
    },
    stop: () => {
      clearInterval(timer);
      stopListening();
      folder.stop();
    },
  };
}
