import { KefuError } from '../core/errors';
import { ruleContext } from './profile-context';
import type { ProfileTags, ShopperProfile } from './profile-tags';
import type { ProfileRuleSet } from './profile-rules';
import type { SegmentDef } from './segment-catalogue';
import type { UserPages } from './user-pages';

/** A segment with its live count. */
export interface SegmentCount {
  name: string;
  title: string;
  description: string;
  when: string;
  /** Shoppers in the segment when counted. */
  count: number;
}

/** What {@link SegmentCounter.counts} answers. */
export interface SegmentCounts {
  segments: SegmentCount[];
  /** Shoppers looked at. */
  users: number;
  /** When the counts were made (ISO) and how long counting took. */
  countedAt: string;
  tookMs: number;
  /** true when these counts came from the cache (at most `cacheMs` old). */
  cached: boolean;
}

/** Options of {@link SegmentCounter}. */
export interface SegmentCounterOptions {
  tags: ProfileTags;
  rules: () => ProfileRuleSet;
  pages: UserPages;
  /** Shoppers per page. @defaultValue 500 */
  pageSize?: number;
  /** How long counts are reused, ms. @defaultValue 60000 */
  cacheMs?: number;
  timeZone: string;
  now?: () => number;
}

/**
 * Counts segments (flows/segments.yaml) live and lists their members. Counting pages through every shopper: per page
 * of `pageSize` users one user query, four service-history queries and one feature read per shopper, then every
 * segment's rule in memory. The cost grows linearly with the number of shoppers, so counts are cached for a minute
 * and concurrent callers share one count.
 *
 * @example
 * const { segments } = await counter.counts();
 * for await (const userId of counter.members('vip_sleepers')) …
 */
export class SegmentCounter {
  private cached?: { counts: SegmentCounts; version: number; until: number };
  private counting?: Promise<SegmentCounts>;

  constructor(private readonly options: SegmentCounterOptions) {}

  /** Every segment with its count (cached for `cacheMs`). */
  async counts(): Promise<SegmentCounts> {
    const now = this.now();
    const version = this.options.rules().version;
    if (this.cached && this.cached.until > now && this.cached.version === version) return { ...this.cached.counts, cached: true };
    this.counting ??= this.countAll(now).finally(() => (this.counting = undefined));
    const counts = await this.counting;
    this.cached = { counts, version, until: now + (this.options.cacheMs ?? 60_000) };
    return counts;
  }

  /** The user ids of a segment now, streamed page by page; `NOT_FOUND` for an unknown segment. */
  async *members(name: string): AsyncGenerator<string> {
    const segment = this.segment(name);
    for await (const page of this.profilePages(this.now())) {
      for (const p of page) if (this.holds(segment, p)) yield p.userId;
    }
  }

  /** The segment of that name; `NOT_FOUND` with the names that exist. */
  segment(name: string): SegmentDef {
    const segments = this.options.rules().segments;
    const found = segments.find((s) => s.name === name);
    if (found) return found;
    const names = segments.map((s) => s.name).join(', ') || 'none yet';
    throw new KefuError(
      'NOT_FOUND',
      `No segment '${name}' (segments: ${names}).`,
      'use a name from flows/segments.yaml (GET /admin/api/segments lists them).',
    );
  }

  private async countAll(now: number): Promise<SegmentCounts> {
    const started = Date.now();
    const segments = this.options.rules().segments;
    const counts = new Map(segments.map((s) => [s.name, 0]));
    let users = 0;
    for await (const page of this.profilePages(now)) {
      users += page.length;
      for (const p of page) for (const s of segments) if (this.holds(s, p)) counts.set(s.name, counts.get(s.name)! + 1);
    }
    return {
      segments: segments.map((s) => ({
        name: s.name,
        title: s.title,
        description: s.description,
        when: s.when.source,
        count: counts.get(s.name)!,
      })),
      users,
      countedAt: new Date(now).toISOString(),
      tookMs: Date.now() - started,
      cached: false,
    };
  }

  private async *profilePages(now: number): AsyncGenerator<(ShopperProfile & { user: Parameters<ProfileTags['tagsOf']>[0]['user'] })[]> {
    for await (const users of this.options.pages(this.options.pageSize ?? 500)) {
      const profiles = await this.options.tags.ofUsers(users, now);
      yield profiles.map((p, i) => ({ ...p, user: users[i]! }));
    }
  }

  private holds(segment: SegmentDef, p: ShopperProfile & { user: Parameters<ProfileTags['tagsOf']>[0]['user'] }): boolean {
    const ctx = ruleContext(
      { user: { ...p.user, tags: p.tags }, features: p.features, service: p.service, now: p.at },
      this.options.timeZone,
    );
    return segment.when.test({ ...ctx, profile: { tags: p.tags } });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
