import { ingestEvents } from '../events/ingest';
import type { KefuCore } from './create-kefu';

/** A buying-intent comment from a live room (the live adapter's PurchaseIntent, structurally). */
export interface LivePurchaseIntent {
  platform: string;
  uid: string;
  room: string;
  product?: { id: string; title: string; link: number };
  text: string;
  at: number;
}

/**
 * The live rooms' private follow-up: a commenter whose platform id is linked to a kefu user (identity channel = the
 * platform, e.g. `bilibili`, externalId = the platform uid; `POST /admin/api/users/link`) becomes a
 * `live_purchase_intent` event, once per room, viewer and product (the event id), which the `live_followup` trigger
 * schedules through the policy ledger. An unlinked commenter is only counted.
 *
 * @example
 * const port = liveFollowUps(core);
 * await port.purchaseIntent({ platform: 'bilibili', uid: '42', room: 'main', product, text: '拍了', at: Date.now() });
 */
export function liveFollowUps(core: Pick<KefuCore, 'userStore' | 'redis' | 'config' | 'events'>): {
  purchaseIntent(intent: LivePurchaseIntent): Promise<'scheduled' | 'duplicate' | 'unlinked'>;
} {
  return {
    async purchaseIntent(intent) {
      const user = await core.userStore.find(intent.platform, intent.uid);
      if (!user) return 'unlinked';
      const productId = intent.product?.id ?? intent.room;
      const result = await ingestEvents({ redis: core.redis.redis, prefix: core.config.redisPrefix, handler: core.events }, [
        {
          id: `live:${intent.room}:${intent.platform}:${intent.uid}:${productId}`,
          type: 'live_purchase_intent',
          userId: user.id,
          at: intent.at,
          payload: {
            productId,
            title: intent.product?.title ?? '商品',
            link: intent.product?.link,
            room: intent.room,
            text: intent.text.slice(0, 200),
          },
        },
      ]);
      const rejected = result.rejected[0];
      if (rejected) throw new Error(`live_purchase_intent not accepted: ${rejected.reason}`);
      return result.accepted[0]?.duplicate ? 'duplicate' : 'scheduled';
    },
  };
}
