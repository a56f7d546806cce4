/**
 * Seconds a running turn holds its message claim without renewing it (the bot's `claimLeaseSeconds` default). The
 * durable inbox's `claimIdleMs` must stay longer (it checks this at construction).
 */
export const DEFAULT_CLAIM_LEASE_SECONDS = 30;

/**
 * Where a message stands when a turn wants to run it ({@link MessageClaims.claimMessage}):
 * - `new`: never seen; this run now holds it;
 * - `retry`: an earlier run took it and did not finish (its process died, or its turn threw); this run now holds it,
 *   and replies the earlier run sent must not go out again;
 * - `running`: another run holds it right now (a platform retry of a message still being answered): drop it;
 * - `done`: a run finished it (within the dedupe TTL): drop it.
 */
export type MessageClaim = 'new' | 'retry' | 'running' | 'done';

/**
 * Two-phase message dedupe and reply marks, shared by every process (Redis in production): a message is
 * claimed for a short lease when its turn starts and marked done when the turn has finished, so a turn that
 * crashed is run again once its lease lapses, while retries of a finished message stay dropped for the full TTL.
 * Each reply sent is marked, so a re-run skips the replies that already went out.
 */
export interface MessageClaims {
  /**
   * Take message `id` for a turn: see {@link MessageClaim}. The claim lapses after `leaseSeconds` unless completed or
   * renewed by its `holder` (a token unique to this run, for {@link renewMessage}).
   */
  claimMessage(id: string, leaseSeconds: number, ttlSeconds: number, holder?: string): Promise<MessageClaim>;
  /**
   * Extend the lease of the claim `holder` took on message `id` to `leaseSeconds` from now. False when the claim is no
   * longer this holder's: it lapsed and another run took it, or it was completed or released.
   */
  renewMessage(id: string, holder: string, leaseSeconds: number): Promise<boolean>;
  /** The turn of message `id` has finished: its retries are duplicates for `ttlSeconds`. */
  completeMessage(id: string, ttlSeconds: number): Promise<void>;
  /** The turn of message `id` threw: give the claim up at once, so the message can run again (as a `retry`). */
  releaseMessage(id: string): Promise<void>;
  /** Whether the reply with idempotency key `key` went out (see {@link markSent}). */
  wasSent(key: string): Promise<boolean>;
  /** Remember for `ttlSeconds` that the reply with idempotency key `key` went out. */
  markSent(key: string, ttlSeconds: number): Promise<void>;
}

/**
 * {@link MessageClaims} in process memory (unit tests, `kefu chat`), in step with the Redis implementation.
 *
 * @example
 * const claims = new MemoryMessageClaims();
 * await claims.claimMessage('web:-:m1', 30, 86400); // 'new'
 * await claims.claimMessage('web:-:m1', 30, 86400); // 'running'
 */
export class MemoryMessageClaims implements MessageClaims {
  /** id → when it is forgotten (`until`), and while running its lease (`leaseUntil`; lapsed = a crashed run). */
  private readonly claims = new Map<string, { leaseUntil?: number; until: number; holder?: string }>();
  private readonly sent = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async claimMessage(id: string, leaseSeconds: number, ttlSeconds: number, holder?: string): Promise<MessageClaim> {
    const now = this.now();
    const claim = this.claims.get(id);
    const live = claim && claim.until > now ? claim : undefined;
    if (live && live.leaseUntil === undefined) return 'done';
    if (live && live.leaseUntil! > now) return 'running';
    this.claims.set(id, { leaseUntil: now + leaseSeconds * 1000, until: now + ttlSeconds * 1000, holder });
    return live ? 'retry' : 'new';
  }

  async renewMessage(id: string, holder: string, leaseSeconds: number): Promise<boolean> {
    const claim = this.claims.get(id);
    if (!claim || claim.until <= this.now() || claim.leaseUntil === undefined || claim.holder !== holder) return false;
    claim.leaseUntil = this.now() + leaseSeconds * 1000;
    return true;
  }

  async completeMessage(id: string, ttlSeconds: number): Promise<void> {
    this.claims.set(id, { until: this.now() + ttlSeconds * 1000 });
  }

  async releaseMessage(id: string): Promise<void> {
    const claim = this.claims.get(id);
    if (claim?.leaseUntil !== undefined) Object.assign(claim, { leaseUntil: 0, holder: undefined });
  }

  async wasSent(key: string): Promise<boolean> {
    return (this.sent.get(key) ?? 0) > this.now();
  }

  async markSent(key: string, ttlSeconds: number): Promise<void> {
    this.sent.set(key, this.now() + ttlSeconds * 1000);
  }
}
