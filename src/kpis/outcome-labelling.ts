import type { Logger } from '../core/log';

/** What labels finished sessions (TypeormSessionOutcomes). */
export interface OutcomeLabeller {
  labelEnded(now?: number, limit?: number): Promise<number>;
}

/** Options of {@link startOutcomeLabelling}. */
export interface OutcomeLabellingOptions {
  /** How often to look for sessions that ended. @defaultValue 60000 */
  everyMs?: number;
  /** Batches per run at most (each up to the labeller's batch size). @defaultValue 20 */
  maxBatches?: number;
  now?: () => number;
  logger: Pick<Logger, 'warn'>;
}

/**
 * Labels the service sessions that ended (30 minutes quiet) every `everyMs`, in batches, off the turn's path.
 * Returns a stop function that waits for a run in progress.
 *
 * @example
 * const stop = startOutcomeLabelling(new TypeormSessionOutcomes(runner), { logger });
 * await stop();
 */
export function startOutcomeLabelling(labeller: OutcomeLabeller, options: OutcomeLabellingOptions): () => Promise<void> {
  const { everyMs = 60_000, maxBatches = 20, now = Date.now, logger } = options;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async (): Promise<void> => {
    try {
      for (let batch = 0; batch < maxBatches && !stopped; batch++) {
        if ((await labeller.labelEnded(now())) === 0) break;
      }
    } catch (err) {
      logger.warn({ err }, 'session outcomes not labelled this time: they are labelled on the next run');
    }
  };
  const timer = setInterval(() => {
    running = running.then(run);
  }, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
