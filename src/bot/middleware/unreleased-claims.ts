/**
 * Message claims this process holds but could not release after a failed turn (Redis failed with the turn), each
 * until a safety margin before its lease lapses. While one is remembered, a `running` claim on that message can only
 * be this process's own failed run (nobody else can take a message whose lease is live), so the next run of the
 * message here may release it and go ahead instead of dropping it as a duplicate. Each entry is used once.
 *
 * @example
 * const unreleased = new UnreleasedClaims(30_000);
 * unreleased.remember('wecom-kf:wk1:msg-1', claimedAt); // the release after a thrown turn failed
 * if (claim === 'running' && unreleased.take('wecom-kf:wk1:msg-1') !== undefined) await claims.releaseMessage('wecom-kf:wk1:msg-1');
 */
export class UnreleasedClaims {
  /** message id → local time (ms) read just before its claim was taken. */
  private readonly claimedAt = new Map<string, number>();

  /**
   * @param leaseMs the claims' lease
   * @param marginMs how long before the lease's end a claim stops counting as ours. @defaultValue min(5000, leaseMs / 4)
   */
  constructor(
    private readonly leaseMs: number,
    private readonly marginMs: number = Math.min(5000, leaseMs / 4),
    private readonly now: () => number = Date.now,
  ) {}

  /** Remember that the claim taken at `claimedAt` (local ms, read before claiming) was not released. */
  remember(id: string, claimedAt: number): void {
    this.forgetLapsed();
    this.claimedAt.set(id, claimedAt);
  }

  /**
   * When the `running` claim on `id` is this process's unreleased one, its `claimedAt` (and it is forgotten: true at
   * most once per remembered claim); undefined otherwise, or once its lease may have lapsed.
   */
  take(id: string): number | undefined {
    const claimedAt = this.claimedAt.get(id);
    this.claimedAt.delete(id);
    return claimedAt !== undefined && this.now() < this.ownedUntil(claimedAt) ? claimedAt : undefined;
  }

  private ownedUntil(claimedAt: number): number {
    return claimedAt + this.leaseMs - this.marginMs;
  }

  private forgetLapsed(): void {
    const now = this.now();
    for (const [id, at] of this.claimedAt) if (this.ownedUntil(at) <= now) this.claimedAt.delete(id);
  }
}
