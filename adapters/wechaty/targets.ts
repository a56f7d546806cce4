import type { FileBox } from 'file-box';
import type { Contact, Room, Wechaty } from 'wechaty';
import { KefuError, UnsupportedFeatureError, type ConversationRef, type Logger } from '../../src/index';
import { CHANNEL } from './inbound';
import type { WechatyPart } from './outbound';

/** Where a send goes: a contact, or a room with the shopper to @-mention. */
export type Target = { bot: Wechaty; contact: Contact } | { bot: Wechaty; room: Room; mention?: Contact };

function unknownConversation(what: string, id: string): KefuError {
  return new KefuError(
    'WECHATY_UNKNOWN_CONVERSATION',
    `The logged-in WeChat account knows no ${what} '${id}'.`,
    'send only to conversations of messages this account received; after a new login some puppets (web protocol) give contacts new ids.',
  );
}

/**
 * The room id of a room conversation (`room:<id>`, or `extra.roomId`), else undefined.
 *
 * @example
 * roomIdOf({ channel: 'wechaty', conversationId: 'room:1@chatroom', userId: 'wxid_a' }); // '1@chatroom'
 */
export function roomIdOf(ref: ConversationRef): string | undefined {
  const fromExtra = ref.extra?.roomId;
  if (typeof fromExtra === 'string' && fromExtra) return fromExtra;
  return ref.conversationId.startsWith('room:') ? ref.conversationId.slice('room:'.length) : undefined;
}

async function findContact(bot: Wechaty, id: string): Promise<Contact | undefined> {
  // Asking the puppet first: Contact.find() reports an unknown id as a bot 'error' event (an operator alert).
  const known = await bot.puppet.contactPayload(id).then(
    () => true,
    () => false,
  );
  return known ? bot.Contact.find({ id }) : undefined;
}

/**
 * Resolve a ConversationRef to the puppet's contact or room; throws a KefuError with a fix when it does not exist.
 *
 * @example
 * const target = await findTarget(bot, { channel: 'wechaty', conversationId: 'room:123@chatroom', userId: 'wxid_a' });
 */
export async function findTarget(bot: Wechaty, ref: ConversationRef): Promise<Target> {
  const roomId = roomIdOf(ref);
  if (!roomId) {
    const contact = await findContact(bot, ref.conversationId);
    if (!contact) throw unknownConversation('contact', ref.conversationId);
    return { bot, contact };
  }
  const known = await bot.puppet.roomPayload(roomId).then(
    () => true,
    () => false,
  );
  const room = known ? await bot.Room.find({ id: roomId }) : undefined;
  if (!room) throw unknownConversation('group chat', roomId);
  return { bot, room, mention: ref.userId ? await findContact(bot, ref.userId) : undefined };
}

/** Whether a puppet error says the puppet lacks the API (wechaty-puppet's throwUnsupportedError). */
function isUnsupported(err: unknown): boolean {
  return /unsupported|not supported|not implemented/i.test(String((err as { message?: unknown } | null)?.message ?? err));
}

type Sayable = string | FileBox | InstanceType<Wechaty['UrlLink']> | InstanceType<Wechaty['MiniProgram']>;

async function say(target: Target, sayable: Sayable): Promise<void> {
  await ('contact' in target ? target.contact.say(sayable) : target.room.say(sayable));
}

/**
 * Send one part through the puppet. Room texts @-mention the shopper; an image goes out as the `image` kefu fetched
 * for it (see imageFileBox; never a URL the puppet would fetch), or as its fallback text when there is none; a
 * mini-program card the puppet cannot send goes out as its link card (or text), a link card as its text; an image
 * the puppet cannot send is an UnsupportedFeatureError.
 *
 * @example
 * await sayPart(target, { kind: 'text', text: '亲，在的～' }, logger);
 * await sayPart(target, { kind: 'image', url, fallback: '[图片]' }, logger, await imageFileBox(url, {}, logger));
 */
export async function sayPart(target: Target, part: WechatyPart, logger: Logger, image?: FileBox): Promise<void> {
  if (part.kind === 'text') {
    if ('room' in target && target.mention) await target.room.say(part.text, target.mention);
    else await say(target, part.text);
    return;
  }
  if (part.kind === 'image' && !image) {
    if (part.fallback) await sayPart(target, { kind: 'text', text: part.fallback }, logger);
    return;
  }
  try {
    if (part.kind === 'image') {
      if (image) await say(target, image);
    } else if (part.kind === 'mini') await say(target, new target.bot.MiniProgram(part.card));
    else await say(target, new target.bot.UrlLink(part.card));
  } catch (err) {
    if (!isUnsupported(err)) throw err;
    if (part.kind === 'image') throw new UnsupportedFeatureError(CHANNEL, 'image');
    if (part.kind === 'mini') {
      logger.debug('wechaty puppet cannot send mini-program cards; sending the product card without it');
      await sayPart(target, part.fallback, logger);
      return;
    }
    logger.debug('wechaty puppet cannot send link cards; sending the card as text');
    await sayPart(target, { kind: 'text', text: part.fallback }, logger);
  }
}
