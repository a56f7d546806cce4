import { randomUUID } from 'node:crypto';
import type { Logger } from '../../src/index';
import type { KfStore } from './kf-store';

/** How long a pull lock lives without being extended. */
export const PULL_LOCK_MS = 60_000;

/** Pulls every page of one kf account with a callback token; calls `extend()` now and then to keep the lock. */
export type PullAll = (openKfId: string, token: string, extend: () => Promise<void>) => Promise<void>;

/**
 * At most one pull loop per kf account: in this process (a callback during a loop makes it loop once more
 * with the newest token) and across processes (a Redis lock; a process that finds the lock taken leaves a
 * "pull again" flag that the holder picks up after its loop).
 *
 * @example
 * const pulls = new PullScheduler(store, (kf, token, extend) => pullAll(kf, token, extend), log);
 * pulls.trigger('wkAbc', callbackToken);
 * await pulls.idle();
 */
export class PullScheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, string>();
  private readonly owner = randomUUID();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: KfStore,
    private readonly pullAll: PullAll,
    private readonly log: Logger,
  ) {}

  /** Start (or re-arm) the pull loop of `openKfId`. Never throws; failures are logged. */
  trigger(openKfId: string, token: string): void {
    if (this.running.has(openKfId)) {
      this.pending.set(openKfId, token);
      return;
    }
    const loop = this.loop(openKfId, token)
      .catch((err: unknown) => this.log.error({ err, openKfId }, 'wecom-kf pull loop failed; the next callback retries'))
      .finally(() => {
        this.running.delete(openKfId);
        if (this.running.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    this.running.set(openKfId, loop);
  }

  /** Resolves when no pull loop of this process is running. */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(openKfId: string, first: string): Promise<void> {
    let token: string | undefined = first;
    while (token !== undefined) {
      if (!(await this.acquire(openKfId, token))) return;
      const latest = (await this.store.takeAgain(openKfId)) ?? token;
      try {
        await this.pullAll(openKfId, latest, () => this.store.extend(openKfId, PULL_LOCK_MS));
      } finally {
        await this.store.unlock(openKfId, this.owner);
      }
      const again = await this.store.takeAgain(openKfId);
      // Read this process's pending token after the last await: a callback that arrived during any await above
      // (while this loop still counted as running) is seen here, not lost.
      token = this.pending.get(openKfId) ?? again;
      this.pending.delete(openKfId);
    }
  }

  /**
   * Take the lock; if another process holds it, leave a "pull again" flag and try once more (the holder may
   * have finished in between, in which case nobody would read the flag).
   */
  private async acquire(openKfId: string, token: string): Promise<boolean> {
    if (await this.store.lock(openKfId, this.owner, PULL_LOCK_MS)) return true;
    await this.store.requestAgain(openKfId, token);
    if (await this.store.lock(openKfId, this.owner, PULL_LOCK_MS)) return true;
    this.log.debug({ openKfId }, 'wecom-kf pull loop runs elsewhere; asked it to pull again');
    return false;
  }
}
