import { FileBoxType } from 'file-box';
import { types, type Contact, type Message, type Room } from 'wechaty';
import type { InboundMessage, Logger } from '../../src/index';
import type { WechatyRoomOptions } from './options';

/** The adapter name, which is also `ConversationRef.channel`. */
export const CHANNEL = 'wechaty';

/** What {@link toInbound} needs besides the message. */
export interface InboundRules {
  room: Required<WechatyRoomOptions>;
  maxAgeMs: number;
  logger: Logger;
}

/** Official accounts (公众号) and brand/corporate senders never get an answer. */
function isOfficial(talker: Contact): boolean {
  const type = talker.type();
  return type === types.Contact.Official || type === types.Contact.Corporation || talker.id.startsWith('gh_');
}

/** The image's URL when the puppet gives it as a URL, else undefined (web puppets hand over bytes). */
async function imageUrlOf(message: Message): Promise<string | undefined> {
  const file = await message.toFileBox();
  if (file.type !== FileBoxType.Url) return undefined;
  const url = (file.toJSON() as { url?: unknown }).url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined;
}

/** The text of a room message when it is meant for the bot (mentioned, or a keyword), without the @mention. */
async function roomText(message: Message, room: Required<WechatyRoomOptions>): Promise<string | undefined> {
  const text = message.text();
  const mentioned = await message.mentionSelf();
  const keyword = room.keywords.some((k) => k !== '' && text.includes(k));
  if (room.mentionRequired && !mentioned && !keyword) return undefined;
  return mentioned ? await message.mentionText() : text.trim();
}

function base(message: Message, talker: Contact): Pick<InboundMessage, 'id' | 'receivedAt' | 'displayName'> {
  const at = message.date().getTime();
  return { id: message.id, receivedAt: Number.isFinite(at) ? at : Date.now(), displayName: talker.name() || undefined };
}

async function fromRoom(message: Message, room: Room, talker: Contact, rules: InboundRules): Promise<InboundMessage | undefined> {
  if (message.type() !== types.Message.Text) return undefined;
  const text = await roomText(message, rules.room);
  if (!text) return undefined;
  const ref = { channel: CHANNEL, conversationId: `room:${room.id}`, userId: talker.id, extra: { roomId: room.id } };
  return { ...base(message, talker), ref, kind: 'text', text };
}

async function fromContact(message: Message, talker: Contact, logger: Logger): Promise<InboundMessage | undefined> {
  const ref = { channel: CHANNEL, conversationId: talker.id, userId: talker.id };
  if (message.type() === types.Message.Text) {
    const text = message.text().trim();
    return text ? { ...base(message, talker), ref, kind: 'text', text } : undefined;
  }
  if (message.type() !== types.Message.Image) return undefined;
  const imageUrl = await imageUrlOf(message).catch(() => undefined);
  if (!imageUrl) {
    logger.debug({ messageId: message.id }, 'wechaty image without a URL ignored (the puppet gives no image URL)');
    return undefined;
  }
  return { ...base(message, talker), ref, kind: 'image', imageUrl };
}

/**
 * Normalise a wechaty message, or undefined when the bot should not answer it: its own messages, official
 * accounts, stale replays, non-text/image types, and room messages neither @-mentioning the bot nor holding a keyword.
 *
 * @example
 * const inbound = await toInbound(message, { room: { mentionRequired: true, keywords: [] }, maxAgeMs: 600_000, logger });
 */
export async function toInbound(message: Message, rules: InboundRules): Promise<InboundMessage | undefined> {
  if (message.self()) return undefined;
  const talker = message.talker();
  if (isOfficial(talker)) return undefined;
  if (Date.now() - message.date().getTime() > rules.maxAgeMs) {
    rules.logger.debug({ messageId: message.id }, 'stale wechaty message ignored');
    return undefined;
  }
  const room = message.room();
  return room ? fromRoom(message, room, talker, rules) : fromContact(message, talker, rules.logger);
}
