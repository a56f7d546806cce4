import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Name of the queue holding due (delayed) trigger jobs and campaign chunks. */
export const OUTREACH_QUEUE = 'outreach';

/** Name of a channel's send queue; one queue per channel so each has its own BullMQ rate limiter. */
export function sendQueueName(channel: string): string {
  return `send-${channel.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Default options of outreach jobs: 5 attempts, exponential backoff from 2 s, failed jobs kept 14 days (dead letters). */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 14 * 86_400 },
};

/** Connection and naming shared by queues and workers. */
export interface QueueSettings {
  connection: ConnectionOptions;
  /** BullMQ key prefix, e.g. `kefu:bull` (kefu's Redis prefix + `:bull`). */
  prefix: string;
  jobOptions?: JobsOptions;
  /** Connection errors of the queues (BullMQ prints them to the console when unset). */
  onError?: (err: Error) => void;
}

/**
 * The outreach queues: one `outreach` queue for due jobs and one `send-<channel>` queue per channel
 * (BullMQ's open-source limiter is per queue, so per-channel rate limits need per-channel queues).
 *
 * @example
 * const queues = new OutreachQueues({ connection: { host: '127.0.0.1', port: 6379 }, prefix: 'kefu:bull' });
 * await queues.due.getJobCounts();
 */
export class OutreachQueues {
  readonly due: Queue;
  private readonly sends = new Map<string, Queue>();

  constructor(readonly settings: QueueSettings) {
    this.due = this.make(OUTREACH_QUEUE);
  }

  /** The send queue of a channel (created on first use). */
  send(channel: string): Queue {
    let q = this.sends.get(channel);
    if (!q) {
      q = this.make(sendQueueName(channel));
      this.sends.set(channel, q);
    }
    return q;
  }

  /** Every queue opened so far (the due queue first). */
  all(): Queue[] {
    return [this.due, ...this.sends.values()];
  }

  /** Close every queue connection. */
  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }

  private make(name: string): Queue {
    const q = new Queue(name, {
      connection: this.settings.connection,
      prefix: this.settings.prefix,
      defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...this.settings.jobOptions },
    });
    if (this.settings.onError) q.on('error', this.settings.onError);
    return q;
  }
}
