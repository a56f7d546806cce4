import type { UserProfile } from '../core/user';
import type { UserEntity } from './entities/user.entity';

/** Maps a stored user (with its identities loaded) to the core's {@link UserProfile}. */
export function toUserProfile(user: UserEntity): UserProfile {
  const identities = [...(user.identities ?? [])]
    .sort((a, b) => a.id - b.id)
    .map((i) => ({ channel: i.channel, externalId: i.externalId }));
  const profile: UserProfile = {
    id: user.id,
    identities,
    isNew: Boolean(user.isNew),
    attributes: { ...(user.attributes ?? {}) },
    tags: [...(user.tags ?? [])],
    optedOut: Boolean(user.optedOut),
    createdAt: new Date(user.createdAt).toISOString(),
    lastSeenAt: new Date(user.lastSeenAt).toISOString(),
  };
  if (user.displayName) profile.displayName = user.displayName;
  return profile;
}
