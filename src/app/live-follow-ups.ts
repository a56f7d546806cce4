import { LuaScript } from '../core/redis/lua-script';
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

/** A buyer is followed up once per room (and product) in this rolling window: 24 h. */
export const LIVE_FOLLOW_UP_WINDOW_MS = 24 * 3_600_000;

/**
 * The start of the buyer's follow-up window: the stored start when `at` falls inside it, else `at`, stored as the
 * new start (kept for the window's length). KEYS[1] marker; ARGV[1] at (ms); ARGV[2] window (ms).
 */
const WINDOW_START = new LuaScript(`
local start = tonumber(redis.call('GET', KEYS[1]) or '')
local at = tonumber(ARGV[1])
if start and at < start + tonumber(ARGV[2]) then return tostring(start) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`);

/**
 * The live rooms' private follow-up: a commenter whose platform id is linked to a kefu user (identity channel = the
 * platform, e.g. `bilibili`, externalId = the platform uid; `POST /admin/api/users/link`) becomes an event the
 * outreach triggers schedule through the policy ledger; an unlinked commenter is only counted.
 * - a comment that names a product (1号链接拍了): `live_purchase_intent`, once per room, viewer and product in a
 *   rolling 24 h, for the `live_followup` trigger (about that product);
 * - a comment that names none (我要下单): `live_purchase_intent_no_product`, once per room and viewer in a rolling
 *   24 h, for the `live_followup_ask` trigger (asks which product they want; a later named one cancels it). Never
 *   about a guessed product: following up on 1号链接 when the viewer meant another would be wrong.
 * The window is rolling, not a calendar day, because streams run past midnight (20:00–02:00): 拍了 at 23:50 and again
 * at 00:10 is one follow-up. Its start is kept in Redis (`<prefix>:live-followup:<room>:<platform>:<uid>[:<product>]`)
 * and is part of the event id, so the buyer's repeated comments and retries in the window are one event (event ids
 * are deduplicated for 7 days; a retry after a failed ingest sends the same id again), and a buyer back in the room
 * after the window gets a new one.
 *
 * @example
 * const port = liveFollowUps(core);
 * await port.purchaseIntent({ platform: 'bilibili', uid: '42', room: 'main', product, text: '拍了', at: Date.now() });
 */
export function liveFollowUps(core: Pick<KefuCore, 'userStore' | 'redis' | 'config' | 'events'>): {
  purchaseIntent(intent: LivePurchaseIntent): Promise<'scheduled' | 'duplicate' | 'unlinked'>;
  windowMs: number;
} {
  const redis = core.redis.redis;
  return {
    windowMs: LIVE_FOLLOW_UP_WINDOW_MS,
    async purchaseIntent(intent) {
      const user = await core.userStore.find(intent.platform, intent.uid);
      if (!user) return 'unlinked';
      const { product } = intent;
      const subject = `${intent.room}:${intent.platform}:${intent.uid}${product ? `:${product.id}` : ''}`;
      const marker = `${core.config.redisPrefix}:live-followup:${subject}`;
      const start = String(await WINDOW_START.run(redis, [marker], [intent.at, LIVE_FOLLOW_UP_WINDOW_MS]));
      const text = intent.text.slice(0, 200);
      const event = product
        ? {
            type: 'live_purchase_intent',
            payload: { productId: product.id, title: product.title, link: product.link, room: intent.room, text },
          }
        : { type: 'live_purchase_intent_no_product', payload: { room: intent.room, text } };
      const result = await ingestEvents({ redis, prefix: core.config.redisPrefix, handler: core.events }, [
        { ...event, id: `live:${subject}:${start}`, userId: user.id, at: intent.at },
      ]);
      const rejected = result.rejected[0];
      if (rejected) throw new Error(`${event.type} not accepted: ${rejected.reason}`);
      return result.accepted[0]?.duplicate ? 'duplicate' : 'scheduled';
    },
  };
}
