import { KefuError } from '../core/errors';
import type { UserDirectory, UserProfile } from '../core/user';
import type { FeatureReader, Features } from './features';
import { nullFeatures } from './feature-names';
import { ruleContext, type ProfileFacts } from './profile-context';
import type { ProfileRuleSet } from './profile-rules';
import type { ServiceHistoryReader, ServiceSummary } from './service-history';

/** One shopper's profile now: the tags that hold, with what they were computed from. */
export interface ShopperProfile {
  userId: string;
  /** Every tag: kefu's own (`user.tags`, set by flows and operators) and the catalogue's that hold now, each once. */
  tags: string[];
  /** Only the catalogue's tags that hold now, in catalogue order. */
  profileTags: string[];
  features: Features;
  service: ServiceSummary;
  /** When it was computed (ms). */
  at: number;
}

/** Options of {@link ProfileTags}. */
export interface ProfileTagsOptions {
  users: Pick<UserDirectory, 'get'>;
  /** Features kept hot in Redis; absent: every feature null (tags over `features.*` never hold). */
  features?: FeatureReader;
  history: ServiceHistoryReader;
  /** The serving catalogue (hot reload swaps it). */
  rules: () => ProfileRuleSet;
  /** The shop's time zone, for `clock.*`. */
  timeZone: string;
  /** How long a shopper's computed tags are reused, ms. @defaultValue 10000 */
  cacheMs?: number;
  /** How long a shopper's service history is reused, ms. @defaultValue 60000 */
  serviceCacheMs?: number;
  /** Shoppers kept in the cache. @defaultValue 10000 */
  cacheSize?: number;
  now?: () => number;
}

interface Cached {
  facts: Omit<ProfileFacts, 'user'>;
  profileTags: string[];
  version: number;
  until: number;
  serviceUntil: number;
}

/**
 * Computes shoppers' profile tags from flows/profile-tags.yaml: each tag's rule over the shopper's attributes and
 * orders (`user.*`), behaviour features (`features.*`), service history (`service.*`) and the clock. One shopper's
 * features are reused for `cacheMs` (default 10 s), their service history for `serviceCacheMs` (60 s); kefu's own tags
 * are always read fresh.
 *
 * @example
 * const profile = await profileTags.evaluate('u-1');
 * profile.tags; // ['已领新人券', '女性', '加购未买', '复购客']
 */
export class ProfileTags {
  private readonly cache = new Map<string, Cached>();
  private features?: FeatureReader;

  constructor(private readonly options: ProfileTagsOptions) {
    this.features = options.features;
  }

  /** A shopper's profile now; `NOT_FOUND` for an unknown user id. */
  async evaluate(userId: string, now = this.now()): Promise<ShopperProfile> {
    const user = await this.options.users.get(userId);
    if (!user)
      throw new KefuError('NOT_FOUND', `No shopper '${userId}'.`, 'use the kefu user id (GET /admin/api/users/by-customer/:id finds it).');
    return this.ofUser(user, now);
  }

  /** The profile of a shopper already read (the turn has it): cached features and history, fresh kefu tags. */
  async ofUser(user: UserProfile, now = this.now()): Promise<ShopperProfile> {
    const version = this.options.rules().version;
    let hit = this.cache.get(user.id);
    if (!hit || hit.until <= now || hit.version !== version) {
      // the service history changes slowly (a session, a survey): read it again only after serviceCacheMs
      const keep = hit && hit.serviceUntil > now ? hit : undefined;
      const [features, service] = await Promise.all([
        this.readFeatures(user.id, now),
        keep ? keep.facts.service : this.options.history.summaries([user.id], now).then((m) => m.get(user.id)!),
      ]);
      const facts = { features, service, now };
      const serviceUntil = keep ? keep.serviceUntil : now + (this.options.serviceCacheMs ?? 60_000);
      hit = { facts, profileTags: this.tagsOf({ ...facts, user }), version, until: now + (this.options.cacheMs ?? 10_000), serviceUntil };
      this.remember(user.id, hit);
    }
    return profileOf(user, hit.facts, hit.profileTags);
  }

  /**
   * Profiles of many shoppers at once (segment counting): features read concurrently, service history in one batch.
   * Not cached.
   */
  async ofUsers(users: readonly UserProfile[], now = this.now()): Promise<ShopperProfile[]> {
    const history = await this.options.history.summaries(
      users.map((u) => u.id),
      now,
    );
    const features = await Promise.all(users.map((u) => this.readFeatures(u.id, now)));
    return users.map((user, i) => {
      const facts = { features: features[i]!, service: history.get(user.id)!, now };
      return profileOf(user, facts, this.tagsOf({ ...facts, user }));
    });
  }

  /** The catalogue's tags that hold for these facts (pure: no I/O). */
  tagsOf(facts: ProfileFacts): string[] {
    const ctx = ruleContext(facts, this.options.timeZone);
    return this.options.rules().catalogue.tags.flatMap((t) => (t.when.test(ctx) ? [t.name] : []));
  }

  /** Read features from `reader` from now on (the composition root calls it once the FeatureStore exists). */
  useFeatures(reader: FeatureReader): void {
    this.features = reader;
    this.cache.clear();
  }

  /** Drop a shopper's cached profile (e.g. after an operator changed their attributes). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async readFeatures(userId: string, now: number): Promise<Features> {
    return this.features ? this.features.features(userId, now) : nullFeatures();
  }

  private remember(userId: string, entry: Cached): void {
    this.cache.delete(userId);
    this.cache.set(userId, entry);
    const max = this.options.cacheSize ?? 10_000;
    if (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function profileOf(user: UserProfile, facts: Omit<ProfileFacts, 'user'>, profileTags: string[]): ShopperProfile {
  return {
    userId: user.id,
    tags: [...new Set([...user.tags, ...profileTags])],
    profileTags,
    features: facts.features,
    service: facts.service,
    at: facts.now,
  };
}
