import type { FastifyInstance } from 'fastify';
import { KefuError } from '../../core/errors';
import { lifecycleView } from '../../core/lifecycle';
import type { UserProfile } from '../../core/user';
import type { ShopperProfile } from '../../profiles/profile-tags';
import type { TagCatalogue } from '../../profiles/tag-catalogue';
import type { ConsoleGuard } from './console-guard';
import { maskShopperId } from './mask-shopper';

/** What {@link registerShopperProfileRoute} needs. */
export interface ShopperProfileDeps {
  users: { get(userId: string): Promise<UserProfile | undefined> };
  /** The user id of an inbox handoff (so the inbox, which shows masked ids, can ask by handoff). */
  handoffUser(handoffId: number): Promise<string | undefined>;
  profile(user: UserProfile): Promise<ShopperProfile>;
  catalogue(): TagCatalogue;
  now?: () => number;
}

/**
 * `GET /console/api/shoppers/:id/profile` for operators and admins (the inbox's shopper panel): the shopper's tags
 * now, grouped as in flows/profile-tags.yaml, their features and service history. `:id` is the kefu user id, or
 * `handoff-<id>` for the shopper of an inbox handoff. Ids in the answer are masked; only the attributes the catalogue
 * declares are shown. JSON in docs/profiles.md.
 *
 * @example
 * registerShopperProfileRoute(app, guard, deps); // GET /console/api/shoppers/handoff-12/profile
 */
export function registerShopperProfileRoute(app: FastifyInstance, guard: ConsoleGuard, deps: ShopperProfileDeps): void {
  app.get('/console/api/shoppers/:id/profile', { preHandler: guard.requireRole('operator') }, async (request) => {
    const id = String((request.params as { id?: string }).id ?? '');
    // Operators reach shoppers through their handoffs only; raw kefu user ids are for admins.
    if (!id.startsWith('handoff-') && guard.identityOf(request).user.role !== 'admin')
      throw new KefuError(
        'FORBIDDEN',
        '请从人工工作台的会话打开顾客资料。Open the shopper from an inbox conversation.',
        'use handoff-<id>.',
      );
    const user = await shopperOf(id, deps);
    const profile = await deps.profile(user);
    return profileView(user, profile, deps.catalogue(), (deps.now ?? Date.now)());
  });
}

async function shopperOf(id: string, deps: ShopperProfileDeps): Promise<UserProfile> {
  const handoff = /^handoff-(\d{1,12})$/.exec(id);
  const userId = handoff ? await deps.handoffUser(Number(handoff[1])) : id.length > 0 && id.length <= 191 ? id : undefined;
  const user = userId ? await deps.users.get(userId) : undefined;
  if (!user) throw new KefuError('NOT_FOUND', 'No such shopper.', 'pass the kefu user id, or handoff-<id> from the inbox.');
  return user;
}

/** The route's JSON (documented in docs/profiles.md). */
export function profileView(user: UserProfile, profile: ShopperProfile, catalogue: TagCatalogue, now: number): Record<string, unknown> {
  const customerId = user.identities.find((i) => i.channel === 'shop')?.externalId;
  const held = new Set(profile.profileTags);
  const groups = new Map<string, { name: string; description: string }[]>();
  for (const tag of catalogue.tags) {
    if (!held.has(tag.name)) continue;
    groups.set(tag.group, [...(groups.get(tag.group) ?? []), { name: tag.name, description: tag.description }]);
  }
  const life = lifecycleView(user, now);
  return {
    shopper: {
      id: maskShopperId(user.id),
      displayName: user.displayName ?? null,
      customerId: customerId ? maskShopperId(customerId) : null,
      isNew: life.isNew,
      lifecycle: life.lifecycle,
      orders: life.orders,
      daysSinceLastOrder: life.daysSinceLastOrder,
      channels: [...new Set(user.identities.map((i) => i.channel))].filter((c) => c !== 'shop'),
      attributes: Object.fromEntries(
        [...catalogue.attributes.keys()].filter((k) => k in user.attributes).map((k) => [k, user.attributes[k]]),
      ),
    },
    tags: profile.tags,
    kefuTags: user.tags,
    groups: [...groups].map(([group, tags]) => ({ group, tags })),
    features: profile.features,
    service: profile.service,
    evaluatedAt: new Date(profile.at).toISOString(),
  };
}
