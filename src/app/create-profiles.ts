import type { Logger } from '../core/log';
import type { UserDirectory } from '../core/user';
import { ProfileRules } from '../profiles/profile-rules';
import { ProfileTags } from '../profiles/profile-tags';
import { SegmentCounter } from '../profiles/segment-counter';
import { TypeormServiceHistory } from '../profiles/service-history';
import { databaseUserPages } from '../profiles/user-pages';
import type { StoreRunner } from '../store/store-runner';

/** Profile tags and segments, wired (docs/profiles.md). */
export interface ProfileParts {
  /** flows/profile-tags.yaml and flows/segments.yaml, hot-reloaded (keep-last-good). */
  rules: ProfileRules;
  /** `evaluate(userId)`: the tags that hold now, merged with kefu's own. */
  tags: ProfileTags;
  /** Live segment counts and members (campaign audiences). */
  segments: SegmentCounter;
}

/**
 * Loads the tag catalogue and segments from the flows directory and builds the profile services over the database
 * (users, service history). Features come later through `tags.useFeatures(reader)` (the FeatureStore).
 *
 * @example
 * const profiles = await createProfiles({ flowsDir: 'flows', runner, users, timeZone: 'Asia/Shanghai', logger });
 */
export async function createProfiles(deps: {
  flowsDir: string;
  runner: StoreRunner;
  users: Pick<UserDirectory, 'get'>;
  timeZone: string;
  logger: Logger;
  watch?: boolean;
  now?: () => number;
}): Promise<ProfileParts> {
  const log = deps.logger.child({ name: 'profiles' });
  const rules = await ProfileRules.start(deps.flowsDir, {
    watch: deps.watch ?? true,
    onError: (errors) => {
      for (const e of errors) log.warn(e.message);
      log.warn('profile tags / segments not (re)loaded: the last good ones keep serving');
    },
    onReload: (r) => log.info({ tags: r.catalogue.tags.length, segments: r.segments.length }, 'profile tags and segments loaded'),
  });
  const clock = deps.now ? { now: deps.now } : {};
  const tags = new ProfileTags({
    users: deps.users,
    history: new TypeormServiceHistory(deps.runner),
    rules: () => rules.current(),
    timeZone: deps.timeZone,
    ...clock,
  });
  const segments = new SegmentCounter({
    tags,
    rules: () => rules.current(),
    pages: databaseUserPages(deps.runner),
    timeZone: deps.timeZone,
    ...clock,
  });
  return { rules, tags, segments };
}
