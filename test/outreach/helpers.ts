import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import type { UserProfile } from '../../src/core/user';
import type { ChannelDirectory, ChannelIdentity } from '../../src/outreach/channel-chooser';
import { createOutreach, type CreateOutreachOptions, type Outreach } from '../../src/outreach/create-outreach';
import { MemoryOutreachLog } from '../../src/outreach/log-sink';
import type { Sender, OutreachSendOptions } from '../../src/outreach/sender';
import type { TriggerSpec } from '../../src/outreach/trigger-schema';
import type { OutreachWorkerOptions } from '../../src/outreach/worker';

export const REDIS = { host: '127.0.0.1', port: 6379 };

/** Quiet hours switched off (tests run at any hour); quiet-hours tests set their own. */
export const NO_QUIET_HOURS = { startMinute: 0, endMinute: 0 };

/** A unique prefix per test, e.g. `kefu-test-3f2a…`. */
export function testPrefix(): string {
  return `kefu-test-${randomUUID().slice(0, 8)}`;
}

/** Delete every key under `prefix:`. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** A user with defaults. */
export function user(id: string, patch: Partial<UserProfile> = {}): UserProfile {
  return {
    id,
    identities: [],
    isNew: false,
    attributes: { timezone: 'UTC' },
    tags: [],
    optedOut: false,
    createdAt: '2026-01-01T00:00:00Z',
    lastSeenAt: '2026-01-01T00:00:00Z',
    ...patch,
  };
}

/** In-memory users. */
export class MemoryUsers {
  readonly map = new Map<string, UserProfile>();
  add(u: UserProfile): this {
    this.map.set(u.id, u);
    return this;
  }
  async get(id: string): Promise<UserProfile | undefined> {
    return this.map.get(id);
  }
}

/** In-memory channel directory. */
export class MemoryDirectory implements ChannelDirectory {
  readonly map = new Map<string, ChannelIdentity[]>();
  add(userId: string, channel: string, extra: Partial<ChannelIdentity> = {}): this {
    const ref: ConversationRef = { channel, conversationId: `${channel}-${userId}`, userId: `${channel}-${userId}` };
    this.map.set(userId, [...(this.map.get(userId) ?? []), { ref, lastInboundAt: Date.now(), ...extra }]);
    return this;
  }
  async channelsOf(userId: string): Promise<ChannelIdentity[]> {
    return [...(this.map.get(userId) ?? [])];
  }
}

/** Records every send; resolves waiters when a count is reached. */
export class RecordingSender implements Sender {
  readonly idempotent = true;
  readonly sends: { ref: ConversationRef; message: OutboundMessage; options: OutreachSendOptions }[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  async send(ref: ConversationRef, message: OutboundMessage, options: OutreachSendOptions): Promise<{ messageId: string }> {
    this.sends.push({ ref, message, options });
    this.waiters = this.waiters.filter((w) => (this.sends.length >= w.n ? (w.resolve(), false) : true));
    return { messageId: `m${this.sends.length}` };
  }
  /** Wait until `n` sends were recorded (rejects after `ms`). */
  waitFor(n: number, ms = 15_000): Promise<void> {
    if (this.sends.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${n} sends (have ${this.sends.length})`)), ms);
      this.waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
    });
  }
}

/** Poll `fn` until it returns true. */
export async function until(fn: () => Promise<boolean> | boolean, ms = 15_000, step = 50): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, step));
  }
  throw new Error('condition not met in time');
}

/** A wired outreach subsystem on a private prefix, with in-memory users, directory, sender and log. */
export interface Harness {
  prefix: string;
  redis: Redis;
  users: MemoryUsers;
  directory: MemoryDirectory;
  sender: RecordingSender;
  log: MemoryOutreachLog;
  outreach: Outreach;
  cleanup(): Promise<void>;
}

/** Build a {@link Harness}; workers are started for `channels`. */
export function harness(
  triggers: TriggerSpec[],
  channels: string[] = ['test'],
  extra: Partial<CreateOutreachOptions> = {},
  workers: Partial<OutreachWorkerOptions> = {},
): Harness {
  const prefix = testPrefix();
  const redis = new Redis({ ...REDIS, maxRetriesPerRequest: null });
  const users = new MemoryUsers();
  const directory = new MemoryDirectory();
  const sender = new RecordingSender();
  const log = new MemoryOutreachLog();
  const outreach = createOutreach({
    redis,
    connection: REDIS,
    prefix,
    triggers,
    users,
    directory,
    sender,
    log,
    shop: { name: '小美优选' },
    policy: { quietHours: NO_QUIET_HOURS },
    ...extra,
  });
  outreach.startWorkers({ channels, concurrency: 10, worker: { drainDelay: 1 }, ...workers });
  return {
    prefix,
    redis,
    users,
    directory,
    sender,
    log,
    outreach,
    async cleanup() {
      await outreach.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
