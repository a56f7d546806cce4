import type { ActionHandler } from '../engine-types';

/** The tag `user.opt_out` adds (outreach also treats it as opted out). */
export const UNSUBSCRIBED_TAG = 'unsubscribed';

/**
 * `user.opt_out`（no args）: the shopper asked not to be contacted proactively (退订/别发了).
 * Sets the profile's `optedOut` to true and adds the `unsubscribed` tag.
 * Result: `{ optedOut: true, tags, added }` (`added`: the tag was new).
 *
 * @example
 * // flows/unsubscribe.yaml
 * // - id: opt_out
 * //   action: user.opt_out
 */
export const userOptOut: ActionHandler = async (_args, ctx) => {
  const added = !ctx.user.tags.includes(UNSUBSCRIBED_TAG);
  const tags = added ? [...ctx.user.tags, UNSUBSCRIBED_TAG] : [...ctx.user.tags];
  ctx.updateUser({ optedOut: true, ...(added ? { tags } : {}) });
  return { optedOut: true, tags, added };
};
