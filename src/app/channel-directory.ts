import type { ChannelRouter } from '../bot/channel-router';
import type { ChannelDirectory, ChannelIdentity } from '../outreach';
import type { ConversationLog } from '../store';

/**
 * Where outreach can reach a shopper: their conversations on every channel (from the conversation
 * log), with the last activity and, for presence channels like web chat, whether they are connected.
 */
export function createChannelDirectory(conversations: ConversationLog, router: ChannelRouter): ChannelDirectory {
  return {
    async channelsOf(userId: string): Promise<ChannelIdentity[]> {
      const rows = await conversations.conversationsOfUser(userId);
      const seen = new Set<string>();
      const identities: ChannelIdentity[] = [];
      for (const row of rows) {
        const adapter = router.get(row.ref.channel);
        if (!adapter || seen.has(row.ref.channel)) continue; // the most recent conversation per channel
        seen.add(row.ref.channel);
        const identity: ChannelIdentity = { ref: row.ref, lastInboundAt: Date.parse(row.updatedAt) };
        if (adapter.isPresent) identity.connected = adapter.isPresent(row.ref);
        identities.push(identity);
      }
      return identities;
    },
  };
}
