import { KefuError, type Logger } from '../../src/index';

/** Options of {@link SendPacer}. */
export interface SendPacerOptions {
  /** Minimum gap between the starts of two sends, in ms. */
  paceMs: number;
  /** Up to this many ms are added at random to each gap. */
  jitterMs: number;
  /** Retries of a send the platform refused as too frequent. */
  throttleRetries: number;
  /** First wait after such a refusal, in ms (×2 per retry). */
  throttleBackoffMs: number;
  logger: Logger;
  /** Source of randomness for the jitter. @defaultValue Math.random */
  random?: () => number;
}

/**
 * Whether a puppet error means "you send too fast" (web WeChat: 发送消息过于频繁).
 *
 * @example
 * isThrottleError(new Error('发送消息过于频繁')); // true
 */
export function isThrottleError(err: unknown): boolean {
  const text = String((err as { message?: unknown } | null)?.message ?? err);
  return /过于频繁|太频繁|操作频繁|too (frequent|fast|many)|rate.?limit/i.test(text);
}

/**
 * One account's outgoing queue: sends run one at a time, at least `paceMs` (+ jitter) apart, in order; none is
 * dropped. A send refused as too frequent is retried after a growing pause.
 *
 * @example
 * const pacer = new SendPacer({ paceMs: 1200, jitterMs: 300, throttleRetries: 3, throttleBackoffMs: 5000, logger });
 * await pacer.run(() => contact.say('您好'));
 */
export class SendPacer {
  private tail: Promise<unknown> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly sleepers = new Set<() => void>();
  private readonly random: () => number;

  constructor(private readonly options: SendPacerOptions) {
    this.random = options.random ?? Math.random;
  }

  /**
   * Queue `task`; resolves with its result once it ran, rejects when it failed for good or the pacer closed.
   * `ready` (e.g. the contact look-up or an image download) is awaited in turn before the pause is measured, so the
   * gap WeChat sees between two sends is at least `paceMs` however long preparing took; its rejection is the task's to report.
   */
  run<T>(task: () => Promise<T>, ready?: Promise<unknown>): Promise<T> {
    if (this.closed) return Promise.reject(stoppedError());
    const result = this.tail.then(async () => {
      await ready?.catch(() => undefined);
      return this.execute(task);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Reject everything still queued and wake up waits (so the process can exit). */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private async execute<T>(task: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.sleepUntil(this.lastStart + this.options.paceMs + this.random() * this.options.jitterMs);
      if (this.closed) throw stoppedError();
      this.lastStart = Date.now();
      try {
        return await task();
      } catch (err) {
        if (!isThrottleError(err) || attempt >= this.options.throttleRetries) throw err;
        const waitMs = this.options.throttleBackoffMs * 2 ** attempt;
        this.options.logger.warn({ attempt: attempt + 1, waitMs }, 'wechaty send throttled by WeChat, backing off');
        await this.sleepUntil(Date.now() + waitMs);
      }
    }
  }

  /** Wait until `Date.now() >= at` (timers may fire a millisecond early) or until closed. */
  private async sleepUntil(at: number): Promise<void> {
    while (!this.closed && Date.now() < at) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, Math.ceil(at - Date.now())));
        this.sleepers.add(wake);
      });
    }
  }
}

function stoppedError(): KefuError {
  return new KefuError(
    'WECHATY_STOPPED',
    'The wechaty adapter was stopped before this message was sent.',
    'start the wechaty adapter again and resend (outreach jobs retry on their own).',
  );
}
