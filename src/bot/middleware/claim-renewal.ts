import type { MessageClaims } from '../../core/message-claims';

/** What {@link renewClaim} reports. */
export interface ClaimRenewalEvents {
  /** The claim is no longer this run's (it lapsed and another run took it, or it was completed/released): renewal stops. */
  lost(): void;
  /** One renewal failed (Redis unreachable …); the next one is tried at its time. */
  failed(err: unknown): void;
}

/**
 * Keeps a running turn's message claim alive: renews its lease every `leaseSeconds / 3` until the returned `stop`
 * is called (the turn ended), however long the turn runs, so a turn longer than the lease is not taken over and run a
 * second time by another process: the lease lapses only when the process died or stalled past it. (A durable inbox
 * that takes over the entry of a turn running longer than its `claimIdleMs` finds the claim held and leaves the entry to
 * this run.) When a renewal finds the claim taken by someone else, `events.lost` is called once and renewal stops.
 *
 * @example
 * const stop = renewClaim(claims, id, holder, 30, { lost: () => log.warn('claim lost'), failed: (err) => log.warn({ err }) });
 * try { await next(); } finally { stop(); }
 */
export function renewClaim(
  claims: Pick<MessageClaims, 'renewMessage'>,
  id: string,
  holder: string,
  leaseSeconds: number,
  events: ClaimRenewalEvents,
): () => void {
  let stopped = false;
  let inFlight = false;
  const timer = setInterval(
    () => {
      if (stopped || inFlight) return;
      inFlight = true;
      claims
        .renewMessage(id, holder, leaseSeconds)
        .then(
          (renewed) => {
            if (renewed || stopped) return;
            stop();
            events.lost();
          },
          (err: unknown) => {
            if (!stopped) events.failed(err);
          },
        )
        .finally(() => (inFlight = false));
    },
    Math.max(10, Math.floor((leaseSeconds * 1000) / 3)),
  );
  timer.unref();
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
