import { KefuError } from '../core/errors';
import type { UserProfile } from '../core/user';
import { ShopIdentities } from '../identity/shop-identities';
import type { AdminService, ChannelSummary, ConversationSummary, FlowsStatus, UserSummary } from '../server/admin-service';
import type { KefuCore } from './create-kefu';

/**
 * The admin API's operations over the core: list conversations (e.g. those waiting for a human),
 * hand a conversation back to the bot, opt a shopper out, reload flows.
 */
export function createAdminService(core: KefuCore): AdminService {
  return {
    async listConversations(filter): Promise<ConversationSummary[]> {
      await core.recorder.flush();
      const rows = await core.conversations.listConversations({ mode: filter.mode, limit: 200 });
      return rows.map((row) => ({ key: row.key, ref: row.ref, mode: row.mode, activeFlow: row.activeFlow, updatedAt: row.updatedAt }));
    },
    async releaseConversation(key): Promise<{ key: string; mode: 'bot' }> {
      await core.recorder.flush();
      const released = await core.bot.release(key);
      const logged = await core.conversations.getConversation(key);
      if (!released && !logged) {
        throw new KefuError('NOT_FOUND', `No conversation '${key}'.`, 'take the key from GET /admin/api/conversations?mode=handoff.');
      }
      if (logged) await core.conversations.setMode(key, 'bot');
      return { key, mode: 'bot' };
    },
    async setOptOut(userId, optedOut): Promise<{ userId: string; optedOut: boolean }> {
      const existing = await core.users.get(userId);
      if (!existing) throw new KefuError('NOT_FOUND', `No user '${userId}'.`, 'use the kefu user id shown in the conversation list.');
      const user = await core.users.update(userId, { optedOut });
      return { userId: user.id, optedOut: user.optedOut };
    },
    async linkUser(request): Promise<UserSummary> {
      return userSummary(await core.identities.linkCustomer(request.customerId, request.channel, request.externalId));
    },
    async userByCustomer(customerId): Promise<UserSummary> {
      const user = await core.identities.byCustomer(customerId);
      if (!user) {
        throw new KefuError(
          'NOT_FOUND',
          `kefu does not know shop customer '${customerId}' yet.`,
          'link an identity with POST /admin/api/users/link, or wait for their first chat or event.',
        );
      }
      return userSummary(user);
    },
    async scheduleCampaign(request) {
      const segment = request.customerIds
        ? customerSegment(core, request.customerIds)
        : request.segment !== undefined
          ? core.profiles.segments.members(request.segment)
          : (request.userIds ?? core.userStore.idsWithTag(request.tag ?? ''));
      if (request.segment !== undefined) core.profiles.segments.segment(request.segment); // unknown name: 404 before scheduling
      const at = request.at === undefined ? Date.now() : typeof request.at === 'number' ? request.at : Date.parse(request.at);
      const message = { text: request.text, ...(request.quick_replies ? { quick_replies: request.quick_replies } : {}) };
      const result = await core.outreach.scheduleCampaign({ id: request.id, segment, at, message });
      return { id: request.id, ...result };
    },
    async segments() {
      return core.profiles.segments.counts();
    },
    async reloadFlows(): Promise<FlowsStatus> {
      await core.flows.reload();
      return core.flows.status();
    },
    async flowsStatus(): Promise<FlowsStatus> {
      return core.flows.status();
    },
    async listServiceRecords(query) {
      return core.records.list(query);
    },
    async setServiceRecordStatus(ref, status) {
      const record = await core.records.setStatus(ref, status, Date.now());
      if (!record) {
        throw new KefuError('NOT_FOUND', `No invoice request or complaint '${ref}'.`, 'take the ref from GET /admin/api/records.');
      }
      return record;
    },
    async channels(): Promise<ChannelSummary[]> {
      return core.router.list().map((adapter) => ({
        name: adapter.name,
        proactive: adapter.capabilities.proactive,
        outbound: adapter.capabilities.outbound,
        ...(adapter.status ? { status: adapter.status() } : {}),
      }));
    },
  };
}

/** The kefu users of a campaign's shop customer ids (created the first time), streamed. */
async function* customerSegment(core: KefuCore, customerIds: readonly string[]): AsyncGenerator<string> {
  for (const customerId of customerIds) yield (await core.identities.customerUser(customerId)).id;
}

function userSummary(user: UserProfile): UserSummary {
  const customerId = ShopIdentities.customerIdOf(user);
  return {
    id: user.id,
    ...(customerId ? { customerId } : {}),
    identities: user.identities,
    isNew: user.isNew,
    optedOut: user.optedOut,
    tags: user.tags,
    createdAt: user.createdAt,
    lastSeenAt: user.lastSeenAt,
  };
}
