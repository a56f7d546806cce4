import type Redis from 'ioredis';
import type { ActionRecord, ActionResults } from '../flows/action-results';

/** As long as a failed outreach job is kept (a dead letter can be retried until then). */
const TTL_MS = 14 * 86_400_000;

/**
 * {@link ActionResults} on Redis: `<prefix>:action:<key>` holds one action's result and its requests to the turn
 * (JSON) for 14 days, the time a failed outreach job is kept for a retry.
 *
 * @example
 * const engine = new FlowEngine({ ...options, actionResults: new RedisActionResults(redis, 'kefu') });
 */
export class RedisActionResults implements ActionResults {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<ActionRecord | undefined> {
    const raw = await this.redis.get(this.keyOf(key));
    return raw === null ? undefined : (JSON.parse(raw) as ActionRecord);
  }

  async put(key: string, record: ActionRecord): Promise<void> {
    await this.redis.set(this.keyOf(key), JSON.stringify(record), 'PX', TTL_MS);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:action:${key}`;
  }
}
