import { ingestEvents } from '../events/ingest';
import { recordDay } from '../flows/actions/service-records';
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
 * platform, e.g. `bilibili`, externalId = the platform uid; `POST /admin/api/users/link`) becomes an event the
 * outreach triggers schedule through the policy ledger; an unlinked commenter is only counted.
 * - a comment that names a product (1号链接拍了): `live_purchase_intent`, once per room, viewer, product and shop-local
 *   day (the event id), for the `live_followup` trigger (about that product);
 * - a comment that names none (我要下单): `live_purchase_intent_no_product`, once per room, viewer and shop-local day,
 *   for the `live_followup_ask` trigger (asks which product they want; a later named one cancels it). Never about a
 *   guessed product: following up on 1号链接 when the viewer meant another would be wrong.
 * The day is in the event id because event ids are deduplicated for 7 days: a buyer back in the same room on
 * another day is followed up again, while the same buyer's repeated comments (and retries) of one day are not.
 *
 * @example
 * const port = liveFollowUps(core);
 * await port.purchaseIntent({ platform: 'bilibili', uid: '42', room: 'main', product, text: '拍了', at: Date.now() });
 */
export function liveFollowUps(core: Pick<KefuCore, 'userStore' | 'redis' | 'config' | 'events'>): {
  purchaseIntent(intent: LivePurchaseIntent): Promise<'scheduled' | 'duplicate' | 'unlinked'>;
  dayOf(at: number): string;
} {
  const dayOf = (at: number): string => recordDay(at, core.config.timezone);
  return {
    dayOf,
    async purchaseIntent(intent) {
      const user = await core.userStore.find(intent.platform, intent.uid);
      if (!user) return 'unlinked';
      const { product } = intent;
      const viewerDay = `live:${intent.room}:${intent.platform}:${intent.uid}:${dayOf(intent.at)}`;
      const text = intent.text.slice(0, 200);
      const event = product
        ? {
            id: `${viewerDay}:${product.id}`,
            type: 'live_purchase_intent',
            payload: { productId: product.id, title: product.title, link: product.link, room: intent.room, text },
          }
        : { id: viewerDay, type: 'live_purchase_intent_no_product', payload: { room: intent.room, text } };
      const result = await ingestEvents({ redis: core.redis.redis, prefix: core.config.redisPrefix, handler: core.events }, [
        { ...event, userId: user.id, at: intent.at },
      ]);
      const rejected = result.rejected[0];
      if (rejected) throw new Error(`${event.type} not accepted: ${rejected.reason}`);
      return result.accepted[0]?.duplicate ? 'duplicate' : 'scheduled';
    },
  };
}
