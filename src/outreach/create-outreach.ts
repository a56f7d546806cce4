import type { ConnectionOptions, JobsOptions } from 'bullmq';
import { scheduleCampaign, type CampaignResult, type CampaignSpec } from './campaign';
import type { Redis } from 'ioredis';
import type { UserProfile } from '../core/user';
import type { ChannelDirectory } from './channel-chooser';
import { OutreachKeys } from './keys';
import type { OutreachLogSink } from './log-sink';
import { createOutreachMetrics, type OutreachMetrics } from './metrics';
import { PolicyLedger, type PolicyLedgerOptions } from './policy/ledger';
import { OutreachQueues } from './queues';
import { OutreachScheduler, type SchedulerDeps } from './scheduler';
import type { Sender } from './sender';
import type { TriggerSpec } from './trigger-schema';
import { OutreachWorkers, type OutreachWorkerOptions } from './worker';
import type { OutreachContext } from './outreach-context';

/** Inputs of {@link createOutreach}. */
export interface CreateOutreachOptions {
  /** ioredis client for the ledger, markers and dedupe. */
  redis: Redis;
  /** BullMQ connection (options, not a shared client: workers need their own blocking connections). */
  connection: ConnectionOptions;
  /** kefu's Redis prefix; BullMQ keys go under `<prefix>:bull`, outreach keys under `<prefix>:outreach`. */
  prefix: string;
  triggers: readonly TriggerSpec[];
  users: { get(userId: string): Promise<UserProfile | undefined> };
  directory: ChannelDirectory;
  sender: Sender;
  log?: OutreachLogSink;
  metrics?: OutreachMetrics;
  shop?: { name: string };
  /** Builds `{{ unsubscribe_url }}` for a shopper. */
  unsubscribeUrl?: (userId: string) => string;
  policy?: Omit<PolicyLedgerOptions, 'redis' | 'keys' | 'users'>;
  /** An order paid within this window after an outreach message (or a chat touch) is credited to it. @defaultValue 72 h */
  conversionWindowMs?: number;
  /** Credits paid orders to chat touches after the outreach log had its say (see SchedulerDeps.attribution). */
  attribution?: SchedulerDeps['attribution'];
  /** Overrides of the default job options (attempts, backoff, retention). */
  jobOptions?: JobsOptions;
  /** Asked before the ledger when a due job is prepared (intent prediction's re-check and holdout). */
  dueCheck?: OutreachContext['dueCheck'];
}

/** The wired subsystem. */
export interface Outreach {
  queues: OutreachQueues;
  ledger: PolicyLedger;
  scheduler: OutreachScheduler;
  metrics: OutreachMetrics;
  context: OutreachContext;
  /** Schedule a one-off campaign to a segment (streamed, chunked). */
  scheduleCampaign(spec: CampaignSpec): Promise<CampaignResult>;
  /** Start workers in this process (role worker or all). */
  startWorkers(options: OutreachWorkerOptions): OutreachWorkers;
  /** Close workers started here, then the queues. */
  close(): Promise<void>;
}

/**
 * Wire queues, ledger, scheduler and (on demand) workers from plain dependencies.
 *
 * @example
 * const outreach = createOutreach({ redis, connection: { host: '127.0.0.1', port: 6379 }, prefix: 'kefu', triggers, users, directory, sender });
 * outreach.startWorkers({ channels: ['web', 'wechat-official'] });
 * await outreach.scheduler.handleEvent(event);
 */
export function createOutreach(o: CreateOutreachOptions): Outreach {
  const keys = new OutreachKeys(o.prefix);
  const queues = new OutreachQueues({ connection: o.connection, prefix: `${o.prefix}:bull`, jobOptions: o.jobOptions });
  const ledger = new PolicyLedger({ ...o.policy, redis: o.redis, keys, users: o.users });
  const metrics = o.metrics ?? createOutreachMetrics(() => queues.all());
  const scheduler = new OutreachScheduler({
    queues,
    redis: o.redis,
    keys,
    triggers: o.triggers,
    users: o.users,
    log: o.log,
    conversionWindowMs: o.conversionWindowMs,
    attribution: o.attribution,
  });
  const context: OutreachContext = {
    queues,
    redis: o.redis,
    keys,
    ledger,
    users: o.users,
    directory: o.directory,
    sender: o.sender,
    log: o.log,
    metrics,
    shop: o.shop,
    unsubscribeUrl: o.unsubscribeUrl,
    dueCheck: o.dueCheck,
  };
  const started: OutreachWorkers[] = [];
  return {
    queues,
    ledger,
    scheduler,
    metrics,
    context,
    scheduleCampaign: (spec) => scheduleCampaign(queues, spec),
    startWorkers(options) {
      const w = new OutreachWorkers(context, options).start();
      started.push(w);
      return w;
    },
    async close() {
      await Promise.all(started.map((w) => w.close()));
      await queues.close();
    },
  };
}
