import type { Redis } from 'ioredis';

/**
 * What it takes to write into a conversation later (botbuilder's ConversationReference): where the channel service
 * listens, which conversation, who the bot and the shopper are there.
 */
export interface StoredReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  user: { id: string; name?: string };
  locale?: string;
}

const SEEN_SEC = 24 * 3_600;
const SENT_SEC = 7 * 24 * 3_600;

/**
 * The adapter's state in Redis, shared by every process: each conversation's reference (refreshed on every Activity,
 * kept `ttlSec` after the last), the Activity ids already taken (channels retry), and the idempotency keys already sent.
 *
 * @example
 * const store = new ReferenceStore(redis, 'kefu', 90 * 86_400);
 * await store.save(reference);
 * const again = await store.load('msteams', 'a:1f…');
 */
export class ReferenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSec: number,
  ) {}

  async save(reference: StoredReference): Promise<void> {
    await this.redis.set(this.key('ref', reference.channelId, reference.conversation.id), JSON.stringify(reference), 'EX', this.ttlSec);
  }

  async load(channelId: string, conversationId: string): Promise<StoredReference | undefined> {
    const raw = await this.redis.get(this.key('ref', channelId, conversationId));
    return raw ? (JSON.parse(raw) as StoredReference) : undefined;
  }

  /** true the first time an Activity id is seen in a conversation (a day), false for a channel's retry. */
  async firstSight(channelId: string, conversationId: string, activityId: string): Promise<boolean> {
    return (await this.redis.set(this.key('seen', channelId, conversationId, activityId), '1', 'EX', SEEN_SEC, 'NX')) === 'OK';
  }

  /** Forget a seen Activity whose turn failed, so the channel's retry runs it. */
  async unsee(channelId: string, conversationId: string, activityId: string): Promise<void> {
    await this.redis.del(this.key('seen', channelId, conversationId, activityId));
  }

  /** true when nothing was sent with this idempotency key yet (and claims it for a week). */
  async claimSend(idempotencyKey: string): Promise<boolean> {
    return (await this.redis.set(this.key('sent', idempotencyKey), '1', 'EX', SENT_SEC, 'NX')) === 'OK';
  }

  /** Release a claimed key whose send failed, so a retry sends it. */
  async releaseSend(idempotencyKey: string): Promise<void> {
    await this.redis.del(this.key('sent', idempotencyKey));
  }

  private key(...parts: string[]): string {
    return [this.prefix, 'botframework', ...parts].join(':');
  }
}
