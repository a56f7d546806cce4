import type { ConversationRef } from '../core/message';
import type { OutreachKind } from './job-types';
import type { PolicyDecision } from './policy/decision';
import type { PolicyLedger } from './policy/ledger';

/** One of a user's channel identities, with what the chooser needs to rank it. */
export interface ChannelIdentity {
  ref: ConversationRef;
  /** Last time the shopper wrote or acted on this channel (ms). */
  lastInboundAt?: number;
  /** For presence channels (web): connected right now. */
  connected?: boolean;
}

/** Where a user can be reached; implemented by the lead over the store and the adapters. */
export interface ChannelDirectory {
  channelsOf(userId: string): Promise<ChannelIdentity[]>;
}

/** The chosen route, or why there is none. */
export type ChannelChoice =
  { ok: true; ref: ConversationRef; via: 'window' | 'subscription'; connected?: boolean } | { ok: false; reason: string };

/**
 * Omnichannel choice: channels ordered by the shopper's last activity; the first with an open window
 * (or a connected/open channel) wins; otherwise, for `service` jobs with a template, the most recent
 * channel that supports subscription messages and has a consent left; otherwise suppressed with the
 * reason of the most recently used channel (or `no_channel`).
 *
 * @example
 * const choice = await chooseChannel(directory, ledger, 'u1', 'service', 'order_unpaid', Date.now());
 */
export async function chooseChannel(
  directory: ChannelDirectory,
  ledger: PolicyLedger,
  userId: string,
  kind: OutreachKind,
  subscriptionTemplate: string | undefined,
  now: number,
): Promise<ChannelChoice> {
  const identities = (await directory.channelsOf(userId)).sort((a, b) => (b.lastInboundAt ?? 0) - (a.lastInboundAt ?? 0));
  if (identities.length === 0) return { ok: false, reason: 'no_channel' };
  let firstBlock: PolicyDecision | undefined;
  for (const id of identities) {
    const d = await ledger.checkChannel(userId, id.ref.channel, now, id.connected);
    if (d.allowed) return { ok: true, ref: id.ref, via: 'window', connected: id.connected };
    firstBlock ??= d;
  }
  if (kind === 'service' && subscriptionTemplate) {
    for (const id of identities) {
      if (!ledger.windows.ruleOf(id.ref.channel)?.subscription) continue;
      const consent = await ledger.consents.check(userId, subscriptionTemplate);
      if (consent.allowed) return { ok: true, ref: id.ref, via: 'subscription' };
    }
  }
  return { ok: false, reason: firstBlock && !firstBlock.allowed ? String(firstBlock.reason) : 'no_channel' };
}
