import { randomBytes } from 'node:crypto';
import type { EventStreams } from '../events/event-streams';
import type { KefuEvent } from '../events/event';
import { BUCKET_HASH_TTL_MS, STATE_TTL_MS } from './apply-script';
import type { RawFeatures } from './derive-features';
import { RESOLUTIONS } from './feature-buckets';
import type { FeatureSnapshots } from './feature-snapshots';
import type { FeatureStore } from './feature-store';
import { entryEvents } from './stream-events';

/** Stream entries read per XRANGE (an entry from POST /events packs up to a request's events of its partition). */
const PAGE = 500;

/** What {@link rebuildFeatures} did. */
export interface RebuildReport {
  userId: string;
  /** The shopper's events found in the stream and applied again. */
  replayed: number;
  /** Whether a database snapshot was merged in. */
  fromSnapshot: boolean;
}

/**
 * Recompute one shopper's hot features after Redis lost them (or to repair them): delete them, replay the
 * shopper's events still in their partition stream (30 days are kept, see EventStreams) through the same apply
 * script (with dedupe marks of its own, so the live marks do not hide them), then merge the last database
 * snapshot: paid orders, coupon orders and channels are united, every other stored number and bucket takes the
 * larger of the two (the snapshot knows what the trimmed stream forgot, the stream what came after the snapshot).
 *
 * @example
 * await rebuildFeatures({ store, streams, snapshots }, 'u1'); // also: npx kefu features rebuild u1
 */
export async function rebuildFeatures(
  deps: { store: FeatureStore; streams: EventStreams; snapshots?: FeatureSnapshots },
  userId: string,
): Promise<RebuildReport> {
  const { store, streams } = deps;
  await store.forget(userId);
  const key = streams.keyOf({ userId });
  const dedupe = { keyPrefix: `${store.keys.prefix}:pf:rebuild:${randomBytes(4).toString('hex')}:`, ttlSeconds: 600 };
  let replayed = 0;
  let start = '-';
  for (;;) {
    const page = (await store.redis.xrange(key, start, '+', 'COUNT', PAGE)) as [string, string[]][];
    const mine: KefuEvent[] = [];
    for (const [id, fields] of page) {
      for (const { event } of entryEvents(key, id, fields)) if (event?.userId === userId) mine.push(event);
    }
    replayed += (await store.apply(mine, dedupe)).filter(Boolean).length;
    if (page.length < PAGE) break;
    start = `(${page[page.length - 1]![0]}`;
  }
  const snapshot = await deps.snapshots?.load(userId);
  if (snapshot) await merge(store, snapshot.raw);
  return { userId, replayed, fromSnapshot: snapshot !== undefined };
}

/** Merge a snapshot into the rebuilt keys (see {@link rebuildFeatures}). */
async function merge(store: FeatureStore, old: RawFeatures): Promise<void> {
  const [now] = await store.raw([old.userId]);
  const keys = store.keys.all(old.userId);
  const pipeline = store.redis.pipeline();
  const buckets: Record<string, string> = {};
  for (const r of RESOLUTIONS) {
    const larger = largerFields(old.buckets[r.hash], now!.buckets[r.hash]);
    for (const [field, value] of Object.entries(larger)) buckets[`${r.hash}:${field}`] = value;
  }
  if (Object.keys(buckets).length > 0) pipeline.hset(keys.b, buckets).pexpire(keys.b, BUCKET_HASH_TTL_MS);
  const state = largerFields(old.state, now!.state);
  const cartFromOld = Number(old.state['cart_at'] ?? -1) > Number(now!.state['cart_at'] ?? -1);
  if (cartFromOld && old.state['cart'] !== undefined) state['cart'] = old.state['cart'];
  else delete state['cart'];
  if (Object.keys(state).length > 0) pipeline.hset(keys.s, state);
  for (const [orderId, at] of Object.entries(old.orders)) pipeline.zadd(keys.o, 'NX', at, orderId);
  if (old.couponOrders.length > 0) pipeline.sadd(keys.cu, ...old.couponOrders);
  if (old.channels.length > 0) pipeline.sadd(keys.ch, ...old.channels);
  for (const key of [keys.s, keys.o, keys.cu, keys.ch]) pipeline.pexpire(key, STATE_TTL_MS);
  await pipeline.exec();
}

/** The fields of `old` that are larger than (or missing in) `now`. */
function largerFields(old: Record<string, string>, now: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(old)) if (now[field] === undefined || Number(value) > Number(now[field])) out[field] = value;
  return out;
}
