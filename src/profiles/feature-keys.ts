/**
 * Redis keys of the hot features (docs/profiles.md), all under `<prefix>:pf:`:
 * - `<prefix>:pf:<userId>:b`: one hash of time buckets for every resolution (minute `m`, 5 minutes `f`, hour `h`,
 *   UTC day `d`), fields `<resolution>:<type>|<bucket>` (events of a type), `m:p:<productId>|<minute>` (views of a
 *   product), `<resolution>:c:<type>:<category>|<bucket>` (events of a type in a category; older data may still hold
 *   `d:cv:<category>|<day>` views and `d:cw:<category>|<day>` weighted interest, read until they leave the window), plus
 *   `_n` (how many buckets) and `_p` (how many after the last pruning); it expires 32 days after its last new day
 *   bucket, and is pruned of buckets that left their window once it has 64 buckets and twice as many as after its
 *   last pruning;
 * - `<prefix>:pf:<userId>:s`: hash of lasting state: `last:<type>` and `last:c:<type>:<category>` (epoch ms), `orders`, `spent` (fen), `cart`
 *   (fen), `cart_at`, `psum` (fen) / `pn` (prices seen);
 * - `<prefix>:pf:<userId>:o`: sorted set of paid order ids by paid time; `:cu` set of order ids paid with a
 *   coupon; `:ch` set of channels used;
 * - `<prefix>:pf:seen:<period>`: sets of the event ids applied in a dedupe period (a quarter of the dedupe time);
 *   `<prefix>:pf:dirty`: shoppers changed since the last snapshot.
 */
export class FeatureKeys {
  constructor(readonly prefix: string) {}

  /** Every key prefix of the shopper's own keys: `<prefix>:pf:<userId>`. */
  shopper(userId: string): string {
    return `${this.prefix}:pf:${userId}`;
  }

  /** The shopper's keys, in the order {@link FeatureStore} reads them. */
  all(userId: string): { b: string; s: string; o: string; cu: string; ch: string } {
    const base = this.shopper(userId);
    return { b: `${base}:b`, s: `${base}:s`, o: `${base}:o`, cu: `${base}:cu`, ch: `${base}:ch` };
  }

  /** The prefix of the dedupe sets (`<prefix>:pf:seen:<period>`). */
  seen(): string {
    return `${this.prefix}:pf:seen:`;
  }

  /** Shoppers whose features changed since the last snapshot (a set). */
  dirty(): string {
    return `${this.prefix}:pf:dirty`;
  }
}
