import type { Redis } from 'ioredis';

/** What changed in the agent inbox; consoles refetch what they show. */
export interface DeskEvent {
  type: 'handoff' | 'message' | 'taken' | 'reply' | 'transferred' | 'closed' | 'presence';
  /** The handoff id (absent for presence). */
  id?: number;
  /** The operator the change concerns (taken by, transferred to, replied). */
  operator?: string;
  at: number;
}

/** A listener of {@link DeskEvents}. */
export type DeskListener = (event: DeskEvent) => void;

/**
 * Live updates of the agent inbox across kefu processes: published on a Redis channel, fanned out in each process to
 * its open consoles (server-sent events). The subscriber connection opens with the first listener and closes with
 * the last; a lost connection resubscribes by itself (ioredis), and a console refetches on reconnect anyway.
 *
 * @example
 * const events = new DeskEvents(redis, 'kefu');
 * const stop = events.listen((e) => sse.write(e));
 * await events.publish({ type: 'handoff', id: 7, at: Date.now() });
 */
export class DeskEvents {
  private readonly channel: string;
  private readonly listeners = new Set<DeskListener>();
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = `${prefix}:desk:events`;
  }

  /** Tell every process's consoles. Never throws: a lost live update is healed by the console's next refetch. */
  async publish(event: DeskEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(event)).catch(() => undefined);
  }

  /** Call `listener` for every event from now on; returns the function that stops it. */
  listen(listener: DeskListener): () => void {
    this.listeners.add(listener);
    if (!this.subscriber) this.subscribe();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.unsubscribe();
    };
  }

  /** Close the subscriber connection (process shutdown). */
  close(): void {
    this.listeners.clear();
    this.unsubscribe();
  }

  private subscribe(): void {
    const sub = this.redis.duplicate({ lazyConnect: false, maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('error', () => undefined); // reconnects by itself; consoles refetch
    sub.on('message', (_channel: string, raw: string) => {
      let event: DeskEvent;
      try {
        event = JSON.parse(raw) as DeskEvent;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
    void sub.subscribe(this.channel).catch(() => undefined);
  }

  private unsubscribe(): void {
    const sub = this.subscriber;
    this.subscriber = undefined;
    sub?.disconnect();
  }
}
