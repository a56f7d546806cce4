import type { Redis } from 'ioredis';
import { KefuError } from '../core/errors';
import type { OutreachKeys } from './keys';
import type { SendJobData } from './job-types';
import type { OutreachSendOptions, Sender } from './sender';

const MARKER_TTL_MS = 30 * 86_400_000;

/** What happened to one delivery attempt. */
export type DeliveryOutcome = 'sent' | 'already_sent' | 'resent_after_crash' | 'uncertain_after_crash';

/**
 * Exactly one message per job, with a marker per idempotency key in Redis:
 * `SET NX sending` before the send, `sent` after it.
 *
 * - marker `sent` → nothing is sent again (retries and duplicate jobs are no-ops);
 * - marker `sending` (a worker died between the two writes, or two workers hold the same job after a
 *   stall) → with an idempotent Sender the send is repeated with the same key and the channel drops the
 *   copy (exactly once); with a non-idempotent Sender it is not repeated (at most once) and reported as
 *   `uncertain_after_crash`.
 * - a send that throws clears `sending`, so the retry sends normally.
 */
export class IdempotentDelivery {
  constructor(
    private readonly redis: Redis,
    private readonly keys: OutreachKeys,
    private readonly sender: Sender,
  ) {}

  /** Deliver the message or flow of a send job once. */
  async deliver(job: SendJobData): Promise<DeliveryOutcome> {
    const marker = this.keys.delivery(job.key);
    const claimed = await this.redis.set(marker, 'sending', 'PX', MARKER_TTL_MS, 'NX');
    let outcome: DeliveryOutcome = 'sent';
    if (claimed !== 'OK') {
      const state = await this.redis.get(marker);
      if (state === 'sent') return 'already_sent';
      if (!this.idempotentFor(job.channel)) return 'uncertain_after_crash';
      outcome = 'resent_after_crash';
    }
    try {
      await this.sendOnce(job);
    } catch (err) {
      await this.redis.del(marker);
      throw err;
    }
    await this.redis.set(marker, 'sent', 'PX', MARKER_TTL_MS);
    return outcome;
  }

  private idempotentFor(channel: string): boolean {
    const { idempotent } = this.sender;
    return typeof idempotent === 'function' ? idempotent(channel) : idempotent;
  }

  private async sendOnce(job: SendJobData): Promise<void> {
    const options: OutreachSendOptions = {
      idempotencyKey: job.key,
      subscriptionTemplate: job.via === 'subscription' ? job.subscriptionTemplate : undefined,
    };
    if (job.startFlow) {
      if (!this.sender.startFlow) {
        throw new KefuError(
          'START_UNSUPPORTED',
          `Trigger '${job.triggerId}' starts flow '${job.startFlow.flowId}', but this outreach Sender cannot start flows.`,
          'give the Sender a startFlow (the composition root wires it to Bot.startFlow), or use send: in the trigger.',
        );
      }
      const { flowId, vars, skipIfEnteredWithinMs } = job.startFlow;
      await this.sender.startFlow(
        job.ref,
        flowId,
        vars,
        options,
        skipIfEnteredWithinMs === undefined ? undefined : { skipIfEnteredWithinMs },
      );
      return;
    }
    if (job.message) await this.sender.send(job.ref, job.message, options);
  }
}
