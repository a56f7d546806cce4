import type { FlowError } from '../core/errors';
import type { Logger } from '../core/log';
import { loadFlowBundle } from '../flows/load-bundle';
import { watchFlows, type FlowWatcher } from '../flows/hot-reload';
import type { FlowBundle } from '../flows/types';
import { KefuError } from '../core/errors';

/** The flows being served, their load status, and the watcher that hot-reloads them. */
export interface FlowsRuntime {
  current(): FlowBundle;
  reload(): Promise<boolean>;
  status(): { ok: boolean; flows: string[]; loadedAt?: string; errors: string[] };
  stop(): void;
}

/**
 * Load flows/ once (start-up fails with every error listed if it is broken), then watch it:
 * a valid edit is live within a second, a broken one is logged and the last good version keeps serving.
 */
export async function startFlows(
  dir: string,
  actionNames: string[],
  logger: Logger,
  options: { watch: boolean; onReload?: (bundle: FlowBundle) => void },
): Promise<FlowsRuntime> {
  const first = await loadFlowBundle(dir, { actionNames });
  if (!first.bundle) {
    // Each listed error ends with its own "Fix: …"; the way out goes in the first line, so no second "Fix:"
    // lands at the end of the last error.
    throw new KefuError(
      'FLOWS_INVALID',
      `The flows in ${dir} have ${first.errors.length} error(s); correct them and start again ` +
        `(\`kefu flows check ${dir}\` lists them again, in Chinese unless --lang en):\n${first.errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
  let bundle = first.bundle;
  let loadedAt = new Date().toISOString();
  let errors: string[] = [];
  const onReload = (next: FlowBundle): void => {
    bundle = next;
    loadedAt = new Date().toISOString();
    errors = [];
    logger.info({ version: next.version, flows: next.flows.size }, 'flows reloaded');
    options.onReload?.(next);
  };
  const onError = (errs: FlowError[]): void => {
    errors = errs.map((e) => e.message);
    for (const e of errs) logger.warn({ file: e.file, line: e.line, col: e.col }, e.message);
    logger.warn({ errors: errs.length }, 'flows not reloaded: the last good version keeps serving');
  };
  const watcher: FlowWatcher | undefined = options.watch ? watchFlows(dir, { initial: bundle, actionNames, onReload, onError }) : undefined;
  return {
    current: () => watcher?.current() ?? bundle,
    reload: async () => {
      if (watcher) return watcher.reload();
      const result = await loadFlowBundle(dir, { actionNames, version: bundle.version + 1 });
      if (result.bundle) onReload(result.bundle);
      else onError(result.errors);
      return result.bundle !== undefined;
    },
    status: () => ({ ok: errors.length === 0, flows: [...(watcher?.current() ?? bundle).flows.keys()], loadedAt, errors }),
    stop: () => watcher?.stop(),
  };
}
