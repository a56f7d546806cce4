/**
 * The web chat WebSocket protocol: JSON text frames, one object each. See docs/web-chat.md.
 */
import type { OutboundMessage } from '../../src/index';

/** client → server: open or resume a conversation. Ids missing or malformed are replaced by new ones. */
export interface HelloFrame {
  type: 'hello';
  userId?: string;
  conversationId?: string;
  /**
   * The shop's signed identity of a logged-in shopper (a JWT the shop's backend signs, docs/identity.md). The adapter
   * checks it; anything but a valid one leaves the shopper an anonymous visitor. Never logged.
   */
  identity?: string;
}

/** What the shopper was looking at when they wrote (the shop page fills it in), e.g. `{ productId: 'P1001' }`. */
export interface MessageContext {
  /** The shop's product id (the CommerceGateway's), e.g. the product tile whose 问问客服 button was clicked. */
  productId?: string;
}

/** client → server: the shopper typed something. `id` is the client's message id (deduped per connection). */
export interface MessageFrame {
  type: 'message';
  id: string;
  text: string;
  context?: MessageContext;
}

/** client → server: the shopper clicked a quick reply or button. */
export interface PostbackFrame {
  type: 'postback';
  id: string;
  title: string;
  payload: string;
  context?: MessageContext;
}

/** client → server: a browsing event (`visit` when the chat is first opened, `product_view`, …). */
export interface EventFrame {
  type: 'event';
  id: string;
  name: string;
  payload?: Record<string, unknown>;
}

/** Every frame a client may send. */
export type ClientFrame = HelloFrame | MessageFrame | PostbackFrame | EventFrame;

/** One line of conversation history sent in `welcome`. */
export type HistoryItem = { from: 'shopper'; text: string; at: number } | { from: 'bot'; message: OutboundMessage; at: number };

/** Machine-readable reasons of `error` frames; `reason` is the English sentence for developers. */
export type ErrorCode =
  | 'bad_frame'
  | 'binary_not_supported'
  | 'frame_too_large'
  | 'rate_limited'
  | 'too_many_connections'
  | 'empty_message'
  | 'hello_required'
  | 'unavailable'
  | 'internal';

/** Every frame the server may send. */
export type ServerFrame =
  | { type: 'welcome'; userId: string; conversationId: string; history: HistoryItem[] }
  /**
   * A bot message. A text's `message.status` (`{ state: 'bot' | 'waiting_human' | 'human' | 'ticket' | 'after_hours', text }`),
   * when present, says where the conversation stands now: the widget shows `text` in its header (`[data-kefu-status]`).
   */
  | { type: 'reply'; id: string; message: OutboundMessage }
  | { type: 'typing'; on: boolean }
  | { type: 'notice'; code: 'truncated'; text: string }
  /** `text`, when present, is a Chinese sentence for the shopper (rate limits); `reason` is English for developers. */
  | { type: 'error'; code: ErrorCode; reason: string; id?: string; text?: string };

/** Ids the server accepts from clients (browser ids it issued, or the shop's own). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** Client message ids. */
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Event names. */
const EVENT_NAME = /^[a-z][a-z0-9_]{0,31}$/;
/** Product ids in `context.productId`. */
const PRODUCT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Result of {@link parseClientFrame}: the frame, or why it was rejected. */
export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; reason: string };

const fail = (reason: string): ParseResult => ({ ok: false, reason });

/**
 * Parse and validate one text frame from a client. Never throws.
 *
 * @example
 * parseClientFrame('{"type":"message","id":"m1","text":"你好"}'); // { ok: true, frame: {...} }
 * parseClientFrame('{"type":"message"}'); // { ok: false, reason: "'id' must be …" }
 */
export function parseClientFrame(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return fail('malformed JSON: send one JSON object per frame');
  }
  if (!isPlainObject(value)) return fail('a frame must be a JSON object');
  switch (value.type) {
    case 'hello':
      return parseHello(value);
    case 'message':
      return parseMessage(value);
    case 'postback':
      return parsePostback(value);
    case 'event':
      return parseEvent(value);
    default:
      return fail(typeof value.type === 'string' ? `unknown frame type '${value.type.slice(0, 32)}'` : "'type' must be a string");
  }
}

function parseHello(v: Record<string, unknown>): ParseResult {
  const pick = (x: unknown): string | undefined => (typeof x === 'string' && ID_PATTERN.test(x) ? x : undefined);
  const frame: HelloFrame = { type: 'hello', userId: pick(v.userId), conversationId: pick(v.conversationId) };
  // Any string is passed on to be checked (a bad one means an anonymous visitor, not a refused hello).
  if (typeof v.identity === 'string' && v.identity !== '') frame.identity = v.identity;
  return { ok: true, frame };
}

function checkId(v: Record<string, unknown>): string | undefined {
  return typeof v.id === 'string' && MESSAGE_ID.test(v.id) ? undefined : "'id' must be a string of 1-64 letters, digits or _.:-";
}

function parseMessage(v: Record<string, unknown>): ParseResult {
  const bad = checkId(v);
  if (bad) return fail(bad);
  if (typeof v.text !== 'string') return fail("'text' must be a string");
  const context = parseContext(v.context);
  if (typeof context === 'string') return fail(context);
  return { ok: true, frame: { type: 'message', id: v.id as string, text: v.text, ...(context && { context }) } };
}

/** `context` of a message or postback: absent, or `{ productId? }`; a string is the reason it was refused. */
function parseContext(value: unknown): MessageContext | undefined | string {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return '\'context\' must be a JSON object such as {"productId":"P1001"} when present';
  if (value.productId === undefined) return {};
  if (typeof value.productId !== 'string' || !PRODUCT_ID.test(value.productId)) {
    return "'context.productId' must be a product id of 1-64 letters, digits or _.:-";
  }
  return { productId: value.productId };
}

function parsePostback(v: Record<string, unknown>): ParseResult {
  const bad = checkId(v);
  if (bad) return fail(bad);
  if (typeof v.title !== 'string' || v.title.length > 200) return fail("'title' must be a string of at most 200 characters");
  const payload = v.payload ?? v.title;
  if (typeof payload !== 'string' || payload.length > 1000) return fail("'payload' must be a string of at most 1000 characters");
  const context = parseContext(v.context);
  if (typeof context === 'string') return fail(context);
  return { ok: true, frame: { type: 'postback', id: v.id as string, title: v.title, payload, ...(context && { context }) } };
}

function parseEvent(v: Record<string, unknown>): ParseResult {
  const bad = checkId(v);
  if (bad) return fail(bad);
  if (typeof v.name !== 'string' || !EVENT_NAME.test(v.name)) return fail("'name' must be a lower-case event name such as 'visit'");
  if (v.payload !== undefined && !isPlainObject(v.payload)) return fail("'payload' must be a JSON object when present");
  return {
    ok: true,
    frame: { type: 'event', id: v.id as string, name: v.name, payload: v.payload as Record<string, unknown> | undefined },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
