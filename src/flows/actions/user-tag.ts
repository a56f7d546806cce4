import type { ActionHandler } from '../engine-types';
import { reqString } from './args';

/**
 * `user.tag { tag }`: adds a tag to the shopper's profile (e.g. `unsubscribed`, `interested_beauty`).
 * The profile update is sent with the full tag list. Result: `{ tag, tags, added }`.
 */
export const userTag: ActionHandler = async (args, ctx) => {
  const tag = reqString(args, 'tag', 'user.tag');
  const added = !ctx.user.tags.includes(tag);
  const tags = added ? [...ctx.user.tags, tag] : [...ctx.user.tags];
  if (added) ctx.updateUser({ tags });
  return { tag, tags, added };
};
