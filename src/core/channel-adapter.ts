import type { FastifyInstance } from 'fastify';
import type { ConversationRef, InboundMessage, OutboundMessage, OutboundType } from './message';

/** What a channel can render and do. */
export interface ChannelCapabilities {
  /** Outbound message types the channel renders natively. Others are rendered as text or rejected. */
  outbound: readonly OutboundType[];
  /** Whether the bot may message a shopper who has not written first (proactive outreach). */
  proactive: boolean;
  /** Whether the channel shows a typing indicator. */
  typing?: boolean;
  /**
   * Whether a repeated send with the same {@link SendOptions.idempotencyKey} reaches the shopper at most once
   * (the channel or its client drops the copy). Outreach then retries a send interrupted by a crash safely.
   */
  idempotent?: boolean;
  /**
   * Whether the channel can send a product card as a mini-program card (`ProductCard.miniProgram`, WeChat doors). Only
   * such channels get the shop's Mini Program page (KEFU_MINIPROGRAM_*) filled into product cards by the router; the
   * others get product cards as the flows made them.
   */
  miniProgramCards?: boolean;
}

/** Options of one send. */
export interface SendOptions {
  /**
   * The same for every attempt of one logical message (an outreach job; a turn's reply, which is sent again when
   * its turn runs again after a crash); see ChannelCapabilities.idempotent.
   */
  idempotencyKey?: string;
  /**
   * The id of the shopper's message this reply answers; absent on proactive messages. A channel that fails keyed
   * proactive sends it cannot deliver now (web chat: no open tab) handles such a reply like any other reply.
   */
  inReplyTo?: string;
  /**
   * Send as a consented one-time subscription message (WeChat 订阅消息) of this kefu template name
   * (a trigger's `subscription.template`), because no customer-service window is open. Adapters without
   * subscription messages throw UnsupportedFeatureError('subscription').
   */
  subscriptionTemplate?: string;
}

/**
 * The kind of process running kefu (`KEFU_ROLE`): `web` serves HTTP and sockets and acknowledges platform
 * pushes, `worker` runs the turns kept in durable inboxes and sends outreach, `all` does both.
 */
export type ProcessRole = 'web' | 'worker' | 'all';

/**
 * What a channel needs from the process that runs it. The composition root reads this instead of naming
 * adapters, so a new channel says here how it is deployed.
 *
 * @example
 * readonly needs: ChannelNeeds = { roles: 'serving' }; // holds a login: only processes that serve open it
 */
export interface ChannelNeeds {
  /**
   * Which processes open the channel: `serving`: only those that serve HTTP (`web`, `all`), e.g. it holds a
   * login session; `any`: `worker` processes too (they run kept turns or send outreach through it).
   */
  roles: 'serving' | 'any';
  /**
   * Messages are acknowledged to the platform and kept in the durable inbox before their turn runs. A `worker`
   * (or `all`) process runs those turns, so a deployment of `web` processes alone must add a worker.
   */
  durableInbox?: boolean;
  /** The channel knows which shoppers are connected right now ({@link ChannelAdapter.isPresent}). */
  presence?: boolean;
}

/** What the composition root tells an adapter when it starts it. */
export interface StartContext {
  /**
   * The process's role. In a `worker` an adapter starts only what a worker needs: running kept turns and
   * sending (e.g. web chat relays replies to the process holding the shopper's socket, and serves none).
   */
  role: ProcessRole;
}

/**
 * What an {@link InboundHandler} may resolve to besides nothing (the message was handled: run, or dropped as a
 * duplicate): `running_elsewhere` when another run holds the message right now (a live turn in another process
 * keeps renewing its claim), so a durable inbox leaves the entry to that run instead of acknowledging it.
 */
export type InboundOutcome = 'running_elsewhere';

/** Called by an adapter for every normalised inbound message. Resolves when the turn is handled (see {@link InboundOutcome}). */
export type InboundHandler = (message: InboundMessage) => Promise<void | InboundOutcome>;

/** Result of one send. */
export interface SendResult {
  /** Platform message id if the platform returns one. */
  messageId?: string;
  /**
   * true when the message went out as a passive reply to the shopper's own push (WeChat's reply to a
   * webhook request), which uses none of the channel's window quota. Otherwise the core counts it.
   */
  passive?: boolean;
  /**
   * Set when the channel deliberately did not send the message, e.g. `human_side`: on 微信客服 a human (or the waiting
   * pool) on the platform has the session, so kefu must stay silent there. A human reply from kefu's console is then
   * not delivered and the operator is told so.
   */
  skipped?: 'human_side';
}

/** What {@link ChannelAdapter.status} reports. */
export interface ChannelStatus {
  /** `online` when the channel can receive and send; `login_required` while a QR code waits for a scan. */
  state: 'online' | 'starting' | 'login_required' | 'offline' | 'error';
  /** Login QR code payload (a URL to render as a QR code) while `state` is `login_required`. */
  qrcode?: string;
  /** A short human-readable line, e.g. the logged-in account name or the last error. */
  detail?: string;
  /** When the state last changed (ms since epoch). */
  since?: number;
  /** Health of the platform access tokens the channel calls its API with (WeChat doors); never a token or secret. */
  tokens?: TokenHealthReport[];
}

/** How one app's access_token fares in this process (see {@link ChannelStatus.tokens}). */
export interface TokenHealthReport {
  /** The app or account the token belongs to (an AppID or a corp id; not secret). */
  account: string;
  /** When this process last fetched a token from the platform, or took a fresh one from the shared cache (ms). */
  lastFetchAt?: number;
  /** When the token in use expires (ms since epoch). */
  expiresAt?: number;
  /** When an API call with the token last succeeded (ms since epoch). */
  lastOkAt?: number;
  /**
   * The last error of a token fetch or API call, with a hint in Chinese for operators: `code` is the platform's
   * errcode, absent when the platform could not be reached.
   */
  lastError?: { code?: number; at: number; hint: string };
}

/** What {@link ChannelAdapter.health} reports for `/readyz`. */
export interface ChannelHealth {
  /** false when this process cannot serve the channel now (e.g. its durable inbox cannot be read); /readyz then answers 503. */
  ok: boolean;
  /** A short line for operators: why it is not ok, or what it is doing. Never secrets. */
  detail?: string;
}

/**
 * The port every channel implements. Small on purpose (see botbuilder's BotAdapter):
 * the core knows nothing else about a channel.
 *
 * @example
 * const adapter: ChannelAdapter = new WebChatAdapter(options);
 * await adapter.start(async (msg) => bot.handle(msg));
 * await adapter.send(ref, { type: 'text', text: '您好～' });
 */
export interface ChannelAdapter {
  /** Unique adapter name; equals `ConversationRef.channel` of its conversations. */
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** How the channel is deployed (which roles open it, durable inbox, presence). */
  readonly needs: ChannelNeeds;
  /** Register the adapter's HTTP/WebSocket routes. Called by the composition root before listen. */
  registerRoutes?(app: FastifyInstance): Promise<void> | void;
  /**
   * Begin receiving; every inbound message goes to `handler`. `context.role` says what this process is for
   * (see {@link StartContext}); without it the adapter does everything (`all`).
   */
  start(handler: InboundHandler, context?: StartContext): Promise<void>;
  /** Stop receiving and release resources. Idempotent. */
  stop(): Promise<void>;
  /**
   * For presence channels (web chat): whether the shopper is connected to this conversation right now.
   * Proactive outreach only uses such a channel while it is true. Omit on channels without presence.
   */
  isPresent?(ref: ConversationRef): boolean;
  /**
   * For channels whose platform has its own human desk (微信客服): whether a human there, or its waiting queue, has
   * this conversation now, so a send would be skipped (`SendResult.skipped: 'human_side'`). kefu's console disables
   * its reply box then. Omit on other channels.
   */
  humanHasSession?(ref: ConversationRef): Promise<boolean>;
  /**
   * Operator-facing state for the admin console (`GET /admin/api/channels`), e.g. a login QR code and
   * whether the account is online. JSON-serialisable; never secrets.
   */
  status?(): ChannelStatus;
  /**
   * Whether this process can serve the channel (a readiness check, `GET /readyz`), e.g. whether its durable
   * inbox can be read. Omit when the channel has nothing to check beyond the process itself.
   */
  health?(): ChannelHealth;
  /** Deliver one message into a conversation. Throws UnsupportedFeatureError for types it cannot render. */
  send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
}
