import { DemoCommerce } from '../../../src/commerce/demo-store';
import type { UserProfile } from '../../../src/core/user';
import type { ActionContext, UserPatch } from '../../../src/flows/engine-types';

export const NOW = Date.parse('2025-11-20T10:00:00+08:00');

/** A real ActionContext over a fresh DemoCommerce, recording handoffs and profile patches. */
export function makeContext(userId = 'u-demo-1', user: Partial<UserProfile> = {}) {
  const handoffs: string[] = [];
  const patches: UserPatch[] = [];
  const commerce = new DemoCommerce({ now: () => NOW });
  const ctx: ActionContext = {
    user: {
      id: userId,
      identities: [{ channel: 'test', externalId: userId }],
      isNew: false,
      attributes: {},
      tags: [],
      optedOut: false,
      createdAt: '2025-01-01T00:00:00Z',
      lastSeenAt: '2025-11-20T00:00:00Z',
      ...user,
    },
    ref: { channel: 'test', conversationId: `c-${userId}`, userId },
    slots: {},
    vars: {},
    commerce,
    shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
    now: NOW,
    requestHandoff: (reason) => handoffs.push(reason),
    updateUser: (patch) => patches.push(patch),
  };
  return { ctx, commerce, handoffs, patches };
}
