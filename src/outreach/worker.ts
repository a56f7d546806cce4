import { DelayedError, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { prepareSend, type PrepareOutcome } from './due-processor';
import type { CampaignChunkData, DueJobData, SendJobData } from './job-types';
import { idempotencyKeyOf, outreachJobId } from './job-types';
import type { OutreachContext } from './outreach-context';
import { OUTREACH_QUEUE, sendQueueName } from './queues';
import { processSend, SUPPRESSED_PREFIX } from './send-processor';
import { recordSend } from './send-log';

/** Worker settings. */
export interface OutreachWorkerOptions {
  /** Channels whose send queues this process serves. */
  channels: readonly string[];
  /** Per-channel BullMQ limiter, e.g. `{ 'wechat-official': { max: 50, duration: 1000 } }`. */
  rateLimits?: Readonly<Record<string, { max: number; duration: number }>>;
  /** @defaultValue 20 */
  concurrency?: number;
  /** Extra BullMQ worker options (lockDuration, stalledInterval, maxStalledCount…). */
  worker?: Partial<WorkerOptions>;
  /** Parallel users inside one campaign chunk. @defaultValue 20 */
  chunkParallelism?: number;
  /** Worker errors (lost connections, lock renewals); jobs' own failures are in the log and dead letters. @defaultValue ignore */
  onError?: (err: Error) => void;
}

/**
 * The outreach workers of one process: one for the `outreach` queue (due jobs, campaign chunks) and one
 * per channel send queue. `close()` waits for running jobs (graceful shutdown).
 *
 * @example
 * const workers = new OutreachWorkers(ctx, { channels: ['web', 'wechat-official'] });
 * workers.start();
 * process.on('SIGTERM', () => workers.close());
 */
export class OutreachWorkers {
  readonly workers: Worker[] = [];

  constructor(
    private readonly ctx: OutreachContext,
    private readonly options: OutreachWorkerOptions,
  ) {}

  /** Start processing. */
  start(): this {
    const { connection, prefix } = this.ctx.queues.settings;
    const base: WorkerOptions = { connection, prefix, concurrency: this.options.concurrency ?? 20, ...this.options.worker };
    this.workers.push(new Worker(OUTREACH_QUEUE, (job, token) => this.processDue(job, token), base));
    for (const channel of this.options.channels) {
      const limiter = this.options.rateLimits?.[channel];
      const worker = new Worker(sendQueueName(channel), (job) => processSend(this.ctx, job), { ...base, ...(limiter ? { limiter } : {}) });
      worker.on('failed', (job, err) => void this.onSendFailed(job as Job<SendJobData> | undefined, err).catch(() => undefined));
      this.workers.push(worker);
    }
    for (const w of this.workers) w.on('error', this.options.onError ?? (() => undefined));
    return this;
  }

  /** Graceful shutdown: stop taking jobs and wait for the running ones. */
  async close(force = false): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close(force)));
  }

  /** A send that failed for good (not a policy block): log it, count it, give the cap slot back. */
  private async onSendFailed(job: Job<SendJobData> | undefined, err: Error): Promise<void> {
    if (!job || err.message.startsWith(SUPPRESSED_PREFIX) || err.message.startsWith('uncertain_after_crash')) return;
    if (!(err instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const d = job.data;
    const reason = err.message.slice(0, 100);
    this.ctx.metrics?.failed.inc({ channel: d.channel, reason: 'send_error' });
    await this.ctx.ledger.caps.release(d.userId, d.key);
    await recordSend(this.ctx, d, 'failed', Date.now(), reason);
  }

  private async processDue(job: Job, token?: string): Promise<unknown> {
    if (job.name === 'campaign-chunk') return this.processChunk(job as Job<CampaignChunkData>);
    const data = job.data as DueJobData;
    const key = data.key ?? idempotencyKeyOf(job.id!, job.timestamp);
    const outcome = await prepareSend(this.ctx, data, job.id!, key, job.timestamp);
    if (outcome.type === 'postpone') {
      await job.moveToDelayed(outcome.retryAt, token);
      throw new DelayedError();
    }
    if (outcome.type === 'suppressed') {
      await this.logSuppressed(data, job.id!, key, outcome);
      throw new UnrecoverableError(`${SUPPRESSED_PREFIX}${outcome.reason}`);
    }
    return outcome;
  }

  /** Expand a campaign chunk: every user is prepared once; quiet-hours users get their own delayed job. */
  private async processChunk(job: Job<CampaignChunkData>): Promise<Record<string, number>> {
    const { campaignId, userIds, kind, action } = job.data;
    const triggerId = `campaign_${campaignId}`;
    const tally: Record<string, number> = {};
    const parallel = this.options.chunkParallelism ?? 20;
    for (let i = 0; i < userIds.length; i += parallel) {
      await Promise.all(
        userIds.slice(i, i + parallel).map(async (userId) => {
          const jobId = outreachJobId(triggerId, [userId]);
          const key = idempotencyKeyOf(jobId, job.timestamp);
          const data: DueJobData = { triggerId, userId, kind, action, key };
          const outcome = await prepareSend(this.ctx, data, jobId, key);
          if (outcome.type === 'postpone') {
            await this.ctx.queues.due.add('due', data, { jobId, delay: Math.max(0, outcome.retryAt - Date.now()) });
          } else if (outcome.type === 'suppressed') {
            await this.logSuppressed(data, jobId, key, outcome);
          }
          tally[outcome.type] = (tally[outcome.type] ?? 0) + 1;
        }),
      );
    }
    return tally;
  }

  private async logSuppressed(
    data: DueJobData,
    jobId: string,
    key: string,
    outcome: Extract<PrepareOutcome, { type: 'suppressed' }>,
  ): Promise<void> {
    const channel = outcome.channel ?? 'none';
    this.ctx.metrics?.suppressed.inc({ channel, reason: outcome.reason });
    await this.ctx.log?.record({
      key,
      jobId,
      triggerId: data.triggerId,
      userId: data.userId,
      kind: data.kind,
      status: 'suppressed',
      reason: outcome.reason,
      channel,
      at: Date.now(),
    });
  }
}
