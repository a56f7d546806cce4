import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { BadInputError, type ConversationRef, type InboundMessage } from '../../src/index';
import { CHANNEL, POSTBACK_KEY } from './constants';
import type { StoredReference } from './reference-store';

const FIX =
  'POST one Bot Framework Activity as JSON (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object).';

/**
 * Parses a request body into an Activity (the Agents SDK's model and schema) and checks what kefu relies on; throws
 * {@link BadInputError} with the reason (malformed JSON, not an Activity, no conversation, no serviceUrl).
 *
 * @example
 * const activity = parseActivity('{"type":"message","text":"在吗",…}');
 */
export function parseActivity(body: string): Activity {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new BadInputError('body is not valid JSON', FIX);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BadInputError('body must be one Activity object', FIX);
  const raw = json as Record<string, unknown>;
  if (typeof raw.type !== 'string' || raw.type === '') throw new BadInputError('activity has no type', FIX);
  const conversation = raw.conversation as { id?: unknown } | undefined;
  if (typeof conversation?.id !== 'string' || conversation.id === '') throw new BadInputError('activity has no conversation.id', FIX);
  if (typeof raw.serviceUrl !== 'string' || !/^https?:\/\//i.test(raw.serviceUrl))
    throw new BadInputError('activity has no http(s) serviceUrl', FIX);
  let activity: Activity;
  try {
    activity = Activity.fromObject(raw);
  } catch (err) {
    const issue = (err as { issues?: { path: (string | number)[]; message: string }[] }).issues?.[0];
    throw new BadInputError(
      issue ? `activity field ${issue.path.join('.') || '(root)'}: ${issue.message}` : 'body is not an Activity',
      FIX,
    );
  }
  if (activity.type === ActivityTypes.Message && !activity.from?.id) throw new BadInputError('message activity has no from.id', FIX);
  return activity;
}

/** Where to write back into the Activity's conversation later. */
export function referenceOf(activity: Activity, userId: string): StoredReference {
  const c = activity.conversation!;
  return {
    serviceUrl: activity.serviceUrl!,
    channelId: activity.channelId ?? 'unknown',
    conversation: {
      id: c.id,
      ...(c.tenantId && { tenantId: c.tenantId }),
      ...(c.conversationType && { conversationType: c.conversationType }),
      ...(c.isGroup !== undefined && { isGroup: c.isGroup }),
    },
    bot: { id: activity.recipient?.id ?? 'bot', ...(activity.recipient?.name && { name: activity.recipient.name }) },
    user: { id: userId, ...(activity.from?.name && userId === activity.from.id && { name: activity.from.name }) },
    ...(activity.locale && { locale: activity.locale }),
  };
}

/** kefu's pointer to a conversation: the sub-channel (msteams, webchat, emulator, …) is its account. */
export function refOf(reference: StoredReference): ConversationRef {
  return {
    channel: CHANNEL,
    accountId: reference.channelId,
    conversationId: reference.conversation.id,
    userId: reference.user.id,
    // enough to write back even when the reference in Redis is gone
    extra: { serviceUrl: reference.serviceUrl, botId: reference.bot.id },
  };
}

/** One shopper's inbound message and the reference it came with. */
export interface Normalised {
  message: InboundMessage;
  reference: StoredReference;
}

/**
 * Activity → InboundMessage: a message's text; a clicked button's payload (`value.kefuPostback`, from suggested
 * actions and card buttons) as a postback; an image attachment; every shopper a conversationUpdate adds as
 * `welcomeEvent`. Anything else (typing, reactions, the bot itself joining, unknown types) gives nothing.
 */
export function normaliseActivity(activity: Activity, welcomeEvent: string, receivedAt: number, id: string): Normalised[] {
  if (activity.type === ActivityTypes.ConversationUpdate) {
    const botId = activity.recipient?.id;
    return (activity.membersAdded ?? [])
      .filter((member) => member.id && member.id !== botId)
      .map((member) => {
        const reference = referenceOf(activity, member.id!);
        const message: InboundMessage = {
          id: `${id}#joined:${member.id}`,
          ref: refOf(reference),
          kind: 'event',
          event: { type: welcomeEvent, payload: { source: 'members_added' } },
          receivedAt,
        };
        return { message, reference };
      });
  }
  if (activity.type !== ActivityTypes.Message) return [];
  const reference = referenceOf(activity, activity.from!.id!);
  const base = { id, ref: refOf(reference), receivedAt, ...(activity.from?.name && { displayName: activity.from.name }) };
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  const value = activity.value as Record<string, unknown> | undefined;
  const postback = value && typeof value === 'object' ? value[POSTBACK_KEY] : undefined;
  if (typeof postback === 'string' && postback !== '') {
    const title = text || (typeof value!.title === 'string' ? value!.title : postback);
    return [{ message: { ...base, kind: 'postback', text: title, postback }, reference }];
  }
  if (text !== '') return [{ message: { ...base, kind: 'text', text }, reference }];
  const image = activity.attachments?.find((a) => a.contentType?.startsWith('image/') && typeof a.contentUrl === 'string');
  if (image) return [{ message: { ...base, kind: 'image', imageUrl: image.contentUrl! }, reference }];
  return [];
}
