import { watch, type FSWatcher } from 'node:fs';
import { FlowError, KefuError } from '../core/errors';
import { loadFlowBundle, type LoadBundleOptions } from './load-bundle';
import type { FlowBundle } from './types';

/** Options of {@link watchFlows}. */
export interface HotReloadOptions extends Omit<LoadBundleOptions, 'version'> {
  /** The bundle currently serving (its version is the starting point). */
  initial: FlowBundle;
  /** Called with the new bundle after a successful reload. */
  onReload?(bundle: FlowBundle): void;
  /** Called with every error of a failed reload; the last good bundle keeps serving. */
  onError?(errors: FlowError[]): void;
  /** @defaultValue 100 */
  debounceMs?: number;
}

/** A running watcher: `current()` is the bundle to serve; `stop()` closes it. */
export interface FlowWatcher {
  current(): FlowBundle;
  /** Reload now (also used by the watcher); resolves when done. */
  reload(): Promise<boolean>;
  stop(): void;
}

/**
 * Watches a flows directory and swaps in a re-validated bundle on every change (keep-last-good).
 *
 * @example
 * const w = watchFlows('flows', { initial: bundle, onError: (errs) => errs.forEach((e) => log.warn(e.message)) });
 * const engine = new FlowEngine({ bundle: () => w.current(), ... });
 */
export function watchFlows(dir: string, options: HotReloadOptions): FlowWatcher {
  let bundle = options.initial;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let again = false;
  let stopped = false;

  const reloadOnce = async (): Promise<boolean> => {
    try {
      const { bundle: next, errors } = await loadFlowBundle(dir, { actionNames: options.actionNames, version: bundle.version + 1 });
      if (stopped) return false;
      if (!next) {
        options.onError?.(errors);
        return false;
      }
      bundle = next;
      options.onReload?.(next);
      return true;
    } catch (err) {
      // A KefuError already says how to fix it: do not add a second "Fix:".
      const hint = err instanceof KefuError ? undefined : 'check the flows directory is readable.';
      options.onError?.([new FlowError(`Reloading flows failed: ${(err as Error).message}`, dir, 1, 1, hint)]);
      return false;
    }
  };
  const reload = async (): Promise<boolean> => {
    if (running) {
      again = true;
      return running;
    }
    running = reloadOnce();
    const ok = await running;
    running = undefined;
    if (again && !stopped) {
      again = false;
      return reload();
    }
    return ok;
  };
  const schedule = (): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), options.debounceMs ?? 100);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, name) => {
      if (!name || /\.ya?ml$/.test(String(name))) schedule();
    });
    watcher.on('error', () => undefined);
  } catch (err) {
    options.onError?.([new FlowError(`Cannot watch the flows directory: ${(err as Error).message}`, dir, 1, 1, 'check the path exists; hot reload is off.')]);
  }
  return {
    current: () => bundle,
    reload,
    stop() {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
