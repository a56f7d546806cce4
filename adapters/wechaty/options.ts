import type { impls } from 'wechaty-puppet';
import type { ConversationRef, Logger } from '../../src/index';
import { checkImageSettings } from '../../src/kits/wechat';
import type { WechatyImageSettings } from './image-file';

/** A wechaty puppet instance (e.g. `new PuppetMock({ mocker })`). */
export type PuppetInstance = impls.PuppetInterface;

/** Something operators should know about, e.g. to forward to a staff group or a pager. */
export interface WechatyAlert {
  /** `logout`: the account was logged out; `reconnected`: logged in again; `error`: the puppet failed; `handoff`: a shopper wants a human. */
  kind: 'logout' | 'error' | 'reconnected' | 'handoff';
  /** A short line for people, without secrets. */
  detail: string;
  /** The conversation, for `handoff`. */
  ref?: ConversationRef;
}

/** What became of one incoming WeChat message (see {@link WechatyAdapterOptions.onInbound}). */
export interface WechatyInboundEvent {
  /** The puppet's message id (= InboundMessage.id when handled). */
  messageId: string;
  outcome: 'handled' | 'ignored' | 'failed';
}

/** Which group-chat (room) messages the bot answers. */
export interface WechatyRoomOptions {
  /** Answer a room message only when the bot is @-mentioned (or it contains a keyword). @defaultValue true */
  mentionRequired?: boolean;
  /** A room message containing one of these is answered without @, e.g. `['客服', '发货']`. @defaultValue [] */
  keywords?: string[];
}

/**
 * Options of {@link WechatyAdapter}.
 *
 * @example
 * const options: WechatyAdapterOptions = { puppet: 'wechaty-puppet-wechat4u', botName: 'kefu', logger };
 */
export interface WechatyAdapterOptions {
  /**
   * A puppet instance, or the npm name of a puppet package (`wechaty-puppet-wechat4u`, `wechaty-puppet-service`, …)
   * which must be installed next to kefu (`npm install <name>`).
   */
  puppet: PuppetInstance | string;
  /** Options for a puppet given by name, e.g. `{ token }` for wechaty-puppet-service. Never logged. @defaultValue {} */
  puppetOptions?: Record<string, unknown>;
  /**
   * The wechaty `name`: the login session is kept in `<botName>.memory-card.json` (relative to the working directory,
   * or an absolute path; kefu passes `<KEFU_DATA_DIR>/wechaty`), so a restart does not always need a new scan. The
   * file holds login credentials: keep it private. @defaultValue undefined (session kept in memory only)
   */
  botName?: string;
  /** Group-chat rules. @defaultValue { mentionRequired: true, keywords: [] } */
  room?: WechatyRoomOptions;
  /** Minimum gap between two sends of the account, in ms (web-protocol accounts get throttled and logged out). @defaultValue 1200 */
  paceMs?: number;
  /** Up to this many ms are added at random to each gap. @defaultValue 300 */
  paceJitterMs?: number;
  /** Retries of a send refused as too frequent (发送消息过于频繁), waiting `throttleBackoffMs`, ×2 each time. @defaultValue 3 */
  throttleRetries?: number;
  /** First wait after a throttled send, in ms. @defaultValue 5000 */
  throttleBackoffMs?: number;
  /** First wait before restarting the puppet after a logout, in ms (×2 per attempt). @defaultValue 5000 */
  reconnectMs?: number;
  /** Longest wait between two restart attempts, in ms. @defaultValue 300000 */
  reconnectMaxMs?: number;
  /** Messages older than this (replayed after a re-login) are ignored, in ms. @defaultValue 600000 */
  maxAgeMs?: number;
  /**
   * Outbound images: kefu fetches each image itself within these limits (never from an internal address unless its
   * host is in `allowHosts`, KEFU_MEDIA_FETCH_ALLOW_HOSTS) and hands the puppet the bytes; an image that cannot be
   * fetched goes out as its alt text. `false`: the puppet cannot send files, and `image` is left out of
   * capabilities.outbound. @defaultValue true (default limits, no internal host allowed)
   */
  images?: boolean | WechatyImageSettings;
  logger: Logger;
  /** Called for logouts, reconnects, puppet errors and handoffs. Must not throw. @defaultValue undefined (logged only) */
  onAlert?: (alert: WechatyAlert) => void;
  /**
   * Called after every incoming WeChat message with what became of it: `handled` (the handler finished), `ignored`
   * (own message, official account, room message not meant for the bot, …) or `failed`. For metrics and tests.
   * @defaultValue undefined
   */
  onInbound?: (event: WechatyInboundEvent) => void;
  /** Print the login QR code in the terminal (qrcode-terminal). @defaultValue true */
  printQr?: boolean;
}

/** {@link WechatyAdapterOptions} with every default filled in. */
export type ResolvedWechatyOptions = Required<Omit<WechatyAdapterOptions, 'botName' | 'onAlert' | 'onInbound' | 'room' | 'images'>> &
  Pick<WechatyAdapterOptions, 'botName' | 'onAlert' | 'onInbound'> & {
    room: Required<WechatyRoomOptions>;
    /** The image settings, or false when the puppet cannot send files. */
    images: WechatyImageSettings | false;
  };

/**
 * Fill in the defaults of {@link WechatyAdapterOptions}; bad image settings throw a ConfigError naming each.
 *
 * @example
 * resolveOptions({ puppet, logger }).paceMs; // 1200
 */
export function resolveOptions(options: WechatyAdapterOptions): ResolvedWechatyOptions {
  const images = options.images === false ? false : typeof options.images === 'object' ? options.images : {};
  if (images) checkImageSettings(images, 'wechaty images');
  return {
    ...options,
    puppetOptions: options.puppetOptions ?? {},
    room: { mentionRequired: options.room?.mentionRequired ?? true, keywords: options.room?.keywords ?? [] },
    paceMs: options.paceMs ?? 1200,
    paceJitterMs: options.paceJitterMs ?? 300,
    throttleRetries: options.throttleRetries ?? 3,
    throttleBackoffMs: options.throttleBackoffMs ?? 5000,
    reconnectMs: options.reconnectMs ?? 5000,
    reconnectMaxMs: options.reconnectMaxMs ?? 300_000,
    maxAgeMs: options.maxAgeMs ?? 600_000,
    images,
    printQr: options.printQr ?? true,
  };
}
