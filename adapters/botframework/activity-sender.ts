import {
  KefuError,
  UnsupportedFeatureError,
  type ConversationRef,
  type Logger,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { LOCAL_ID_PREFIX } from './activity-intake';
import type { ConnectorClient, OutgoingActivity } from './connector-client';
import { CHANNEL } from './constants';
import type { TranscriptLine } from './options';
import type { ReferenceStore, StoredReference } from './reference-store';
import { BOTFRAMEWORK_OUTBOUND, renderActivities } from './render-activities';

/**
 * Sends kefu's messages as Activities into a conversation: a reply to the shopper's Activity (`inReplyTo`), or
 * proactively through the stored conversation reference (outreach). Keyed sends go out once (the key is claimed in
 * Redis first and released when the send fails).
 *
 * @example
 * await sender.send(ref, { type: 'text', text: '亲，在的～' }, { inReplyTo: message.id });
 */
export class ActivitySender {
  constructor(
    private readonly connector: ConnectorClient,
    private readonly store: ReferenceStore,
    private readonly log: Logger,
    private readonly transcript?: (ref: ConversationRef) => Promise<TranscriptLine[]>,
  ) {}

  async send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    if (!BOTFRAMEWORK_OUTBOUND.includes(message.type)) throw new UnsupportedFeatureError(CHANNEL, message.type);
    if (options?.subscriptionTemplate) throw new UnsupportedFeatureError(CHANNEL, 'subscription');
    const reference = await this.referenceOf(ref);
    const key = options?.idempotencyKey;
    if (key && !(await this.store.claimSend(key))) {
      this.log.info({ key }, 'botframework send with this idempotency key done before: skipped');
      return {};
    }
    try {
      const lines = message.type === 'handoff' ? await this.recent(ref) : [];
      const replyTo = options?.inReplyTo && !options.inReplyTo.startsWith(LOCAL_ID_PREFIX) ? options.inReplyTo.split('#')[0] : undefined;
      let messageId: string | undefined;
      for (const activity of renderActivities(message, reference, lines)) {
        const answer = await this.post(reference, activity, replyTo);
        messageId ??= answer.id;
      }
      return messageId ? { messageId } : {};
    } catch (err) {
      if (key) await this.store.releaseSend(key).catch(() => undefined);
      throw err;
    }
  }

  /** A typing indicator in the conversation. */
  async typing(reference: StoredReference, replyTo?: string): Promise<void> {
    await this.post(reference, { type: 'typing' }, replyTo);
  }

  private post(reference: StoredReference, activity: OutgoingActivity, replyToId?: string): Promise<{ id?: string }> {
    const addressed: OutgoingActivity = {
      ...activity,
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      from: reference.bot,
      recipient: reference.user,
      ...(replyToId && { replyToId }),
    };
    return this.connector.post(reference.serviceUrl, reference.conversation.id, addressed, replyToId);
  }

  private async recent(ref: ConversationRef): Promise<TranscriptLine[]> {
    if (!this.transcript) return [];
    return this.transcript(ref).catch((err: unknown) => {
      this.log.warn({ err }, 'botframework handoff: transcript not read, the event carries none');
      return [];
    });
  }

  /** The stored reference, or what the ref itself carries (serviceUrl, bot id) when Redis lost it. */
  private async referenceOf(ref: ConversationRef): Promise<StoredReference> {
    const channelId = ref.accountId ?? 'unknown';
    const stored = await this.store.load(channelId, ref.conversationId);
    if (stored)
      return { ...stored, user: { id: ref.userId, ...(stored.user.id === ref.userId && stored.user.name && { name: stored.user.name }) } };
    const serviceUrl = ref.extra?.serviceUrl;
    if (typeof serviceUrl !== 'string')
      throw new KefuError(
        'BOTFRAMEWORK_NO_REFERENCE',
        `No conversation reference for botframework conversation ${ref.conversationId}.`,
        'a Bot Framework conversation can be written to only after the shopper wrote to the bot (or added it); use a ConversationRef from an inbound message.',
      );
    return {
      serviceUrl,
      channelId,
      conversation: { id: ref.conversationId },
      bot: { id: typeof ref.extra?.botId === 'string' ? ref.extra.botId : 'bot' },
      user: { id: ref.userId },
    };
  }
}
