import type { SeededRandom } from './random';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Shanghai has no daylight saving: shop-local time is UTC+8 all year. */
const SHOP_OFFSET = 8 * HOUR;

/** Shop-local hour weights (0–23): quiet at night, busy late morning and 20–22 h, as shop chats are. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 3],
  [1, 1.5],
  [2, 0.8],
  [3, 0.5],
  [4, 0.4],
  [5, 0.5],
  [6, 1],
  [7, 2],
  [8, 4],
  [9, 6],
  [10, 7],
  [11, 7],
  [12, 5],
  [13, 6],
  [14, 7],
  [15, 7],
  [16, 6],
  [17, 5],
  [18, 5],
  [19, 6],
  [20, 8],
  [21, 9],
  [22, 7],
  [23, 5],
];

/** The seeded days: `days` shop-local days ending with the day of `end`, nothing after `end`. */
export class SeedPeriod {
  /** Shop-local midnight (as epoch ms) of the first seeded day. */
  readonly start: number;

  constructor(
    readonly end: number,
    readonly days: number,
  ) {
    const todayMidnight = Math.floor((end + SHOP_OFFSET) / DAY) * DAY - SHOP_OFFSET;
    this.start = todayMidnight - (days - 1) * DAY;
  }

  /** A moment on a random seeded day at a shop-like hour, never after `end`. */
  moment(random: SeededRandom): number {
    for (;;) {
      const day = random.int(this.days);
      const hour = random.pick(HOUR_WEIGHTS);
      const at = this.start + day * DAY + hour * HOUR + random.int(HOUR);
      if (at < this.end) return at;
    }
  }
}
