import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DEFAULT_CLAIM_LEASE_SECONDS, type MessageClaims } from '../../core/message-claims';
import type { MiddlewareFn } from '../../core/pipeline';
import { messageKeyOf } from '../message-key';
import type { TurnContext } from '../turn-context';
import { renewClaim } from './claim-renewal';
import { UnreleasedClaims } from './unreleased-claims';

/** Options of {@link dedupe}. */
export interface DedupeOptions {
  /** Seconds a finished message stays a duplicate. @defaultValue 86400 */
  ttlSeconds?: number;
  /**
   * Seconds a running turn holds its message without renewing it: a retry meanwhile is dropped; once it lapses (the
   * process died mid-turn) the message runs again. The turn renews it every third of it while it runs, so a slow
   * turn keeps it. Keep it shorter than the durable inbox's `claimIdleMs` (60 s). @defaultValue 30
   */
  leaseSeconds?: number;
}

/**
 * Drop platform retries, and let a turn that did not finish run again. A message is claimed when its turn
 * starts and marked handled when the turn has finished (not before): a retry while the first run is still
 * running, or after it finished (within `ttlSeconds`), stops the turn as a `duplicate`; after a crash (the lease
 * lapsed) or a thrown turn, the next run goes ahead as a re-run (`ctx.rerun`: replies already sent are skipped).
 * Shared across processes through the state store (Redis). Every drop is logged with its reason. While the turn
 * runs, its claim is renewed every `leaseSeconds / 3`, however long it runs (so a turn longer than the lease is not
 * run a second time elsewhere: the lease lapses only when its process died or stalled); a renewal that finds the
 * claim taken by another run is logged. A message stopped because another run holds it (`running`) is flagged
 * `ctx.runningElsewhere`: a durable inbox then leaves its entry pending for that run (the run acknowledges it, or
 * retries it when it throws) instead of acknowledging it here.
 *
 * When a turn throws and its claim cannot be released (Redis failed with it), this process remembers the claim
 * until its lease would lapse: its next run of the message (the durable inbox retries a thrown turn after 1 s)
 * releases and takes it again instead of dropping the message as a duplicate of its own failed run.
 */
export function dedupe(store: MessageClaims, logger: Logger, options: DedupeOptions = {}): MiddlewareFn<TurnContext> {
  const ttlSeconds = options.ttlSeconds ?? 24 * 3600;
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS;
  const unreleased = new UnreleasedClaims(leaseSeconds * 1000);
  return async (ctx, next) => {
    const id = messageKeyOf(ctx);
    const where = { channel: ctx.ref.channel, accountId: ctx.ref.accountId, messageId: ctx.message.id, conversation: ctx.key };
    const holder = randomUUID();
    let claimedAt = Date.now();
    let claim = await store.claimMessage(id, leaseSeconds, ttlSeconds, holder);
    const ours = claim === 'running' ? unreleased.take(id) : undefined;
    if (ours !== undefined) {
      // this process's own failed run still holds the lease (its release failed): give it up and run again
      await store.releaseMessage(id).catch((err: unknown) => {
        unreleased.remember(id, ours);
        throw err;
      });
      claimedAt = Date.now();
      claim = await store.claimMessage(id, leaseSeconds, ttlSeconds, holder);
    }
    if (claim === 'running' || claim === 'done') {
      ctx.stopped = 'duplicate';
      if (claim === 'running') ctx.runningElsewhere = true; // a durable inbox leaves its entry to that run
      logger.info(
        { ...where, reason: 'duplicate', claim },
        claim === 'running' ? 'message not run here: another turn is running it now' : 'message dropped: already handled',
      );
      return;
    }
    if (claim === 'retry') {
      ctx.rerun = true;
      logger.warn(where, 'message runs again: an earlier run did not finish (replies it sent are not sent twice)');
    }
    const stopRenewing = renewClaim(store, id, holder, leaseSeconds, {
      lost: () =>
        logger.warn(
          where,
          'message claim lost while its turn runs: another run took it and may answer it too; the turn took longer than the lease',
        ),
      failed: (err) => logger.warn({ err, ...where }, 'message claim not renewed; another run may take it if this turn outlasts its lease'),
    });
    try {
      await next();
    } catch (err) {
      stopRenewing();
      await store.releaseMessage(id).catch((releaseErr: unknown) => {
        unreleased.remember(id, claimedAt);
        logger.warn({ err: releaseErr, ...where }, 'message claim not released after a failed turn; this process may still run it again');
      });
      throw err;
    }
    stopRenewing();
    await store
      .completeMessage(id, ttlSeconds)
      .catch((err: unknown) => logger.warn({ err, ...where }, 'message not marked handled; a retry after the lease may run it again'));
  };
}
