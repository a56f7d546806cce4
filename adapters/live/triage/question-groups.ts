import type { LiveProduct } from '../live-types';
import type { LiveTopic } from '../live-flow';

/** One asker in a group: platform id and display name. */
export interface Asker {
  uid: string;
  name: string;
  at: number;
}

/** Near-duplicate questions: the same topic about the same product (or none) within the window. */
export interface QuestionGroup {
  /** `<topic>` or `<topic>#<product id>`. */
  key: string;
  topic: LiveTopic;
  product?: LiveProduct;
  /** Questions in the window (every comment, also a viewer asking again). */
  count: number;
  /** Recent askers, newest last, one entry per viewer, at most `maxAskers` kept. */
  askers: Asker[];
  firstAt: number;
  lastAt: number;
  /** Askers not yet named in a public answer. */
  unanswered: Asker[];
  /** When a public answer last went out for this group (ms), 0: never. */
  answeredAt: number;
}

/** Options of {@link QuestionGroups}. */
export interface QuestionGroupsOptions {
  /** A group with no question for this long is dropped (the sliding window). @defaultValue 60000 */
  windowMs?: number;
  /** Most groups kept (the quietest dropped first). @defaultValue 200 */
  maxGroups?: number;
  /** Askers kept per group. @defaultValue 20 */
  maxAskers?: number;
}

/**
 * Groups near-duplicate questions over a sliding window: one group per topic + product, counting every question
 * and keeping the recent askers. Bounded: old groups expire, the quietest go first when there are too many.
 *
 * @example
 * const group = groups.add(topic, product, { uid: '42', name: '小王', at: now });
 */
export class QuestionGroups {
  private readonly groups = new Map<string, QuestionGroup>();
  private readonly windowMs: number;
  private readonly maxGroups: number;
  private readonly maxAskers: number;

  constructor(options: QuestionGroupsOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxGroups = options.maxGroups ?? 200;
    this.maxAskers = options.maxAskers ?? 20;
  }

  /** Count one question in its group (created on the first). */
  add(topic: LiveTopic, product: LiveProduct | undefined, asker: Asker): QuestionGroup {
    const key = product ? `${topic.id}#${product.id}` : topic.id;
    let group = this.groups.get(key);
    if (!group) {
      if (this.groups.size >= this.maxGroups) this.dropQuietest();
      group = { key, topic, product, count: 0, askers: [], unanswered: [], firstAt: asker.at, lastAt: asker.at, answeredAt: 0 };
      this.groups.set(key, group);
    }
    group.count += 1;
    group.lastAt = asker.at;
    const keep = (list: Asker[]): void => {
      const i = asker.uid ? list.findIndex((a) => a.uid === asker.uid) : -1;
      if (i >= 0) list.splice(i, 1);
      list.push(asker);
      if (list.length > this.maxAskers) list.shift();
    };
    keep(group.askers);
    keep(group.unanswered);
    return group;
  }

  /** Drop groups quiet for longer than the window. */
  expire(now: number): void {
    for (const [key, g] of this.groups) if (now - g.lastAt > this.windowMs) this.groups.delete(key);
  }

  /** The groups, most asked first. */
  top(limit: number): QuestionGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit);
  }

  private dropQuietest(): void {
    let quietest: QuestionGroup | undefined;
    for (const g of this.groups.values())
      if (!quietest || g.count < quietest.count || (g.count === quietest.count && g.lastAt < quietest.lastAt)) quietest = g;
    if (quietest) this.groups.delete(quietest.key);
  }
}
