import type { Redis } from 'ioredis';

/**
 * "Version N is published now" across kefu processes, on a Redis channel: each process then loads the published
 * version from the database (the notice carries only the id). A notice lost while a subscriber reconnects is caught
 * up by the runtime's periodic check of the published id.
 *
 * @example
 * const notices = new SwitchNotices(redis, 'kefu');
 * const stop = notices.listen((id) => void runtime.follow());
 * await notices.publish(7);
 */
export class SwitchNotices {
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}:studio:published`;
  }

  /** Tell every process (this one too). Never throws: the periodic check heals a lost notice. */
  async publish(versionId: number): Promise<void> {
    await this.redis.publish(this.channel, String(versionId)).catch(() => undefined);
  }

  /** Call `listener` with each published id; resolves once subscribed. Returns the stop function. */
  async listen(listener: (versionId: number) => void): Promise<() => void> {
    const sub = this.redis.duplicate({ lazyConnect: false, maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('error', () => undefined);
    sub.on('message', (_channel: string, raw: string) => {
      const id = Number(raw);
      if (Number.isInteger(id) && id > 0) listener(id);
    });
    await sub.subscribe(this.channel).catch(() => undefined);
    return () => this.close();
  }

  /** Close the subscriber connection. */
  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }
}
