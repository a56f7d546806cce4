import type { ChannelHealth } from '../channel-adapter';

/** What {@link DurableInbox.health} reports: whether this process can take kept messages from Redis. */
export interface InboxHealth {
  /** false while reads have been failing for longer than `unhealthyAfterMs` (this process serves none of the inbox). */
  ok: boolean;
  /** This process takes messages from the inbox (false before start, after stop, and in `--role web` processes). */
  reading: boolean;
  /** When the last read (or take-over check) succeeded, ms since epoch. */
  lastReadAt?: number;
  /** The error of the current run of failing reads (cleared by the next good read). */
  lastError?: string;
  /** Since when reads have been failing, ms since epoch. */
  failingSince?: number;
  /** Turns this process is running from the inbox right now. */
  inflight: number;
  /** How often the consumer group was found missing (Redis lost the stream or the group) and recreated. */
  recoveries: number;
}

/**
 * Keeps the read outcomes of one inbox consumer, for {@link InboxHealth}.
 *
 * @example
 * const tracker = new InboxHealthTracker(5000);
 * tracker.readFailed(err); // …5 s later, still failing:
 * tracker.view(true, 0).ok; // false
 */
export class InboxHealthTracker {
  private lastReadAt?: number;
  private lastError?: string;
  private failingSince?: number;
  private recoveries = 0;

  constructor(
    private readonly unhealthyAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  readOk(): void {
    this.lastReadAt = this.now();
    this.lastError = undefined;
    this.failingSince = undefined;
  }

  readFailed(err: unknown): void {
    this.failingSince ??= this.now();
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  recovered(): void {
    this.recoveries += 1;
  }

  /** How long reads have been failing (0 while they succeed). */
  failingForMs(): number {
    return this.failingSince === undefined ? 0 : this.now() - this.failingSince;
  }

  view(reading: boolean, inflight: number): InboxHealth {
    const ok = !reading || this.failingForMs() <= this.unhealthyAfterMs;
    const { lastReadAt, lastError, failingSince, recoveries } = this;
    return { ok, reading, lastReadAt, lastError, failingSince, inflight, recoveries };
  }
}

/**
 * An inbox's health as a readiness check of its channel ({@link ChannelAdapter.health}): not ok, with the
 * reason, while its reads fail; ok when this process does not read it (e.g. `--role web`) or has no inbox yet.
 *
 * @example
 * health(): ChannelHealth {
 *   return inboxChannelHealth(this.inbox?.health());
 * }
 */
export function inboxChannelHealth(health: InboxHealth | undefined): ChannelHealth {
  if (!health || !health.reading) return { ok: true, detail: 'this process does not read the inbox' };
  if (!health.ok) {
    const seconds = Math.round((Date.now() - (health.failingSince ?? Date.now())) / 1000);
    return { ok: false, detail: `inbox reads failing for ${seconds} s: ${health.lastError ?? 'unknown error'}` };
  }
  return { ok: true, detail: `reading; ${health.inflight} turn(s) in flight; group recreated ${health.recoveries} time(s)` };
}
