import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  UnsupportedFeatureError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelNeeds,
  type StartContext,
  type ConversationRef,
  type InboundHandler,
  type IdentityCheck,
  type InboundMessage,
  type Logger,
  type OutboundMessage,
  type OutboundType,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { ChatConnection, type ConnectionLimits } from './connection';
import { IpLimits, refuseTooManyConnections, type AddressAllowance, type IpLimitOptions } from './ip-limits';
import { MemoryHistory } from './memory-history';
import { WebNotDeliveredError } from './not-delivered-error';
import type { HelloFrame, HistoryItem } from './protocol';
import type { ReplyFrame } from './reply-relay';
import { SocketHub } from './socket-hub';
import { RecentKeys } from './recent-keys';
import { registerDemoShop, type DemoCatalogue } from './demo-shop';
import { findPublicDir, registerStaticAssets } from './static-assets';
import { WebCluster, type WebClusterOptions } from './web-cluster';

/** Options of {@link WebChatAdapter}. */
export interface WebChatOptions {
  /** WebSocket path. @defaultValue /chat/ws */
  path?: string;
  /** Per-connection token bucket, e.g. `{ messages: 20, perMs: 10_000 }` (config webRateLimit). */
  rateLimit: { messages: number; perMs: number };
  /**
   * Limits shared by all connections from one client address (fastify's `request.ip`: set the server's
   * trustProxy behind a proxy), e.g. `{ messages: 100, perMs: 10_000, connections: 30 }` (config webIpRateLimit,
   * webIpConnections); per process. Without it only the per-connection bucket applies.
   */
  ipLimit?: IpLimitOptions;
  /** Longer messages are cut with a notice (config maxMessageChars). */
  maxChars: number;
  /** Loads the conversation's history for `welcome`. Without it the adapter keeps recent history in memory. */
  history?: (ref: ConversationRef) => Promise<HistoryItem[]>;
  logger: Logger;
  /** Largest accepted frame. @defaultValue 16384 */
  maxFrameBytes?: number;
  /** How long replies wait for a conversation with no open socket (page reload) before being dropped. @defaultValue 30000 */
  queueMs?: number;
  /** Event names browsers may send. @defaultValue ['visit', 'product_view'] */
  allowedEvents?: string[];
  /** When set, WebSocket upgrades from other Origins are refused (close 1008). */
  allowedOrigins?: string[];
  /** Serve the demo shop page at GET / (with /demo/shop.js and /demo/catalogue.json). @defaultValue true */
  demoPage?: boolean;
  /** The demo page's product tiles, from the commerce backend the bot answers from. Without it the page shows none. */
  catalogue?: DemoCatalogue;
  /** Folder of the widget files. @defaultValue adapters/web/public */
  publicDir?: string;
  /** Ping interval; sockets that miss a pong are closed. @defaultValue 30000 */
  heartbeatMs?: number;
  /**
   * After a conversation's last socket closes it still counts as present this long (the shopper is moving to
   * another page of the shop): proactive sends due meanwhile are not suppressed; they fail with
   * {@link WebNotDeliveredError} until the page is back and are retried. @defaultValue 0
   */
  presenceGraceMs?: number;
  /**
   * Checks a signed shop identity from `hello` (KEFU_IDENTITY_SECRET, see {@link verifyIdentity}). A valid one puts the
   * shop's customer id on the conversation's ref (`ref.customerId`); without it, or for a bad token, the shopper is
   * an anonymous visitor.
   */
  verifyIdentity?: (token: string) => IdentityCheck;
  /**
   * Several kefu processes (split roles, or a load balancer): presence in Redis and a relay that delivers
   * a reply on the process holding the shopper's socket. Without it, replies reach this process's sockets only.
   */
  cluster?: WebClusterOptions;
}

const OUTBOUND: readonly OutboundType[] = ['text', 'image', 'quick_replies', 'product_card', 'coupon_card', 'order_card', 'handoff'];
const HISTORY_LIMIT = 50;

/** The reply id of an idempotency key: stable across processes, safe to show to the browser. */
function replyIdOf(key: string): string {
  return `k_${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}

/** A random id the server issues, e.g. `u_Vx3…` (matches the protocol's ID_PATTERN). */
function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/**
 * Web chat over WebSocket, with the embeddable widget and the demo shop page.
 *
 * @example
 * const web = new WebChatAdapter({ rateLimit: { messages: 20, perMs: 10_000 }, maxChars: 2000, logger });
 * const app = await buildServer({ config, logger, adapters: [web], readiness });
 * await web.start((msg) => bot.handle(msg));
 */
export class WebChatAdapter implements ChannelAdapter {
  readonly name = 'web';
  readonly capabilities: ChannelCapabilities = { outbound: OUTBOUND, proactive: true, typing: true, idempotent: true };
  /** Workers open it too: they relay outreach replies to the process holding the shopper's socket. */
  readonly needs: ChannelNeeds = { roles: 'any', presence: true };
  private handler?: InboundHandler;
  private readonly log: Logger;
  private readonly hub: SocketHub;
  /** Reply ids of keyed replies this process delivered recently (bounded). */
  private readonly sentIds = new RecentKeys(10_000);
  private readonly cluster?: WebCluster;
  private readonly memory = new MemoryHistory(HISTORY_LIMIT);
  private readonly typingTurns = new Map<string, number>();
  /** Every open socket, with whether it answered the last ping. */
  private readonly alive = new Map<WebSocket, boolean>();
  /** Conversations whose last socket here closed less than `presenceGraceMs` ago (still present), with their leave timers. */
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private readonly limits: ConnectionLimits;
  private readonly ipLimits?: IpLimits;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: WebChatOptions) {
    this.log = options.logger.child({ adapter: 'web' });
    this.limits = {
      maxChars: options.maxChars,
      maxFrameBytes: options.maxFrameBytes ?? 16 * 1024,
      rateLimit: options.rateLimit,
      allowedEvents: new Set(options.allowedEvents ?? ['visit', 'product_view']),
    };
    this.hub = new SocketHub(options.queueMs ?? 30_000, 20, (conversationId, dropped, why) =>
      this.log.warn({ conversationId, dropped }, `web replies dropped: ${why}`),
    );
    if (options.cluster) this.cluster = new WebCluster(options.cluster, this.log);
    if (options.ipLimit) this.ipLimits = new IpLimits(options.ipLimit);
  }

  /** WebSocket path of the chat. */
  get path(): string {
    return this.options.path ?? '/chat/ws';
  }

  registerRoutes(app: FastifyInstance): void {
    const publicDir = findPublicDir(this.options.publicDir);
    registerStaticAssets(app, publicDir);
    if (this.options.demoPage ?? true) registerDemoShop(app, publicDir, this.options.catalogue, this.log);
    app.get(this.path, { websocket: true }, (socket, request) => {
      const origin = request.headers.origin ?? '';
      if (this.options.allowedOrigins && !this.options.allowedOrigins.includes(origin)) {
        this.log.warn({ origin }, 'web socket from a disallowed origin refused');
        socket.close(1008, 'origin not allowed');
        return;
      }
      const allowance = this.ipLimits?.admit(request.ip);
      if (this.ipLimits && !allowance) {
        this.log.warn('web socket refused: too many connections from one address');
        return refuseTooManyConnections(socket);
      }
      this.accept(socket, allowance);
    });
  }

  /** Serve sockets and relay; in a `worker` process only relay (it serves no sockets, see {@link startRelay}). */
  async start(handler: InboundHandler, context?: StartContext): Promise<void> {
    if (context?.role === 'worker') return this.startRelay();
    this.handler = handler;
    await this.startRelay();
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /**
   * Join the other kefu processes without serving sockets (a `--role worker` process that sends outreach):
   * see who is connected where and relay replies there. `start()` does this (alone, for `role: 'worker'`).
   * No-op without `cluster`.
   */
  async startRelay(): Promise<void> {
    await this.cluster?.start((conversationId, frame, keyed) => this.deliverRelayed(conversationId, frame, keyed));
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    await this.cluster?.stop();
    for (const socket of this.alive.keys()) socket.close(1001, 'server shutting down');
    this.alive.clear();
    this.hub.clear();
  }

  /**
   * Show a reply on every socket of the conversation: this process's directly, other processes' through
   * the relay (`cluster`). A reply no socket got waits `queueMs` for a page reload, except a keyed
   * proactive one (no `inReplyTo`): that throws {@link WebNotDeliveredError}, so outreach never counts it as sent.
   * A key already delivered is dropped (here, on the owning process, and in the widget by the stable id).
   */
  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    if (!OUTBOUND.includes(message.type)) throw new UnsupportedFeatureError(this.name, String(message.type));
    const { conversationId } = ref;
    const key = options.idempotencyKey;
    const keyed = key !== undefined;
    // A keyed reply carries an id derived from the key, so the widget drops a copy sent by another process.
    const frame: ReplyFrame = { type: 'reply', id: keyed ? replyIdOf(key) : newId('r'), message };
    if (keyed && this.sentIds.has(frame.id)) {
      this.log.info({ conversationId }, 'web reply dropped: this idempotency key was already sent');
      return { messageId: frame.id };
    }
    const here = this.hub.broadcast(conversationId, frame);
    // Tabs on other processes get it too; when it was delivered here, the answer does not wait for them.
    const relayed = this.connectedElsewhere(conversationId) ? this.cluster?.forward(conversationId, frame, keyed) : undefined;
    const there = here === 0 && relayed ? await relayed : 0;
    if (here > 0 || there > 0) {
      if (keyed) this.sentIds.add(frame.id);
      if (here > 0) this.remember(conversationId, message);
      return { messageId: frame.id };
    }
    if (keyed && options.inReplyTo === undefined) throw new WebNotDeliveredError(conversationId);
    this.remember(conversationId, message);
    this.hub.enqueue(conversationId, frame);
    this.log.info({ conversationId, type: message.type }, 'web reply queued: no open socket for this conversation');
    return { messageId: frame.id };
  }

  /** Whether the shopper has this conversation open in a browser tab right now, on this or (with `cluster`) another process. */
  isPresent(ref: ConversationRef): boolean {
    const id = ref.conversationId;
    return this.hub.count(id) > 0 || this.leaving.has(id) || this.connectedElsewhere(id);
  }

  /** Number of open sockets of a conversation on this process (0 = not connected here). */
  connections(conversationId: string): number {
    return this.hub.count(conversationId);
  }

  /** Whether another live kefu process holds a socket of the conversation (always false without `cluster`). */
  connectedElsewhere(conversationId: string): boolean {
    return this.cluster?.elsewhere(conversationId) === true;
  }

  /** A reply another process relayed here: shown on this process's sockets only, never queued. */
  private deliverRelayed(conversationId: string, frame: ReplyFrame, keyed: boolean): number {
    if (keyed && this.sentIds.has(frame.id)) return 1; // shown here before: delivered, not shown twice
    const n = this.hub.broadcast(conversationId, frame);
    if (n > 0) {
      if (keyed) this.sentIds.add(frame.id);
      this.remember(conversationId, frame.message);
    }
    return n;
  }

  /** Keep a bot message in the in-memory history (only when no `history` loader is configured). */
  private remember(conversationId: string, message: OutboundMessage): void {
    if (!this.options.history) this.memory.add(conversationId, { from: 'bot', message, at: Date.now() });
  }

  private accept(socket: WebSocket, address?: AddressAllowance): void {
    const connection = new ChatConnection(
      socket,
      this.limits,
      { hello: (c, f) => this.hello(c, f), turn: (c, m) => this.turn(c, m) },
      this.log,
      address,
    );
    this.alive.set(socket, true);
    socket.on('pong', () => this.alive.set(socket, true));
    socket.on('message', (data, isBinary) => connection.receive(data, isBinary));
    socket.on('error', (err) => this.log.debug({ err }, 'web socket error'));
    socket.on('close', () => {
      this.alive.delete(socket);
      address?.release();
      if (!connection.ref) return;
      const { conversationId } = connection.ref;
      const had = this.hub.count(conversationId);
      this.hub.remove(conversationId, socket);
      if (had > 0 && this.hub.count(conversationId) === 0) this.lastSocketClosed(conversationId);
    });
  }

  /** The conversation's last socket here closed: it stays present for `presenceGraceMs` (a page change), then leaves. */
  private lastSocketClosed(conversationId: string): void {
    const grace = this.options.presenceGraceMs ?? 0;
    if (grace <= 0) {
      this.cluster?.closed(conversationId);
      return;
    }
    clearTimeout(this.leaving.get(conversationId));
    const timer = setTimeout(() => {
      this.leaving.delete(conversationId);
      if (this.hub.count(conversationId) === 0) this.cluster?.closed(conversationId);
    }, grace);
    timer.unref();
    this.leaving.set(conversationId, timer);
  }

  private async hello(connection: ChatConnection, frame: HelloFrame): Promise<ConversationRef> {
    const ref: ConversationRef = {
      channel: this.name,
      conversationId: frame.conversationId ?? newId('c'),
      userId: frame.userId ?? newId('u'),
    };
    const customerId = this.checkIdentity(frame.identity, ref.conversationId);
    if (customerId) ref.customerId = customerId;
    const history = await this.loadHistory(ref);
    if (connection.socket.readyState !== connection.socket.OPEN) return ref;
    const first = this.hub.count(ref.conversationId) === 0;
    this.hub.add(ref.conversationId, connection.socket);
    const returning = this.leaving.get(ref.conversationId);
    if (returning) {
      clearTimeout(returning); // back within the grace period: still present, everywhere
      this.leaving.delete(ref.conversationId);
    } else if (first) this.cluster?.opened(ref.conversationId);
    connection.send({ type: 'welcome', userId: ref.userId, conversationId: ref.conversationId, history });
    const shown = new Set(history.map((h) => (h.from === 'bot' ? JSON.stringify(h.message) : '')));
    for (const pending of this.hub.takePending(ref.conversationId)) {
      if (pending.type === 'reply' && shown.has(JSON.stringify(pending.message))) continue;
      connection.send(pending);
    }
    this.log.info(
      {
        conversationId: ref.conversationId,
        userId: ref.userId,
        resumed: Boolean(frame.conversationId),
        identified: Boolean(ref.customerId),
      },
      'web chat connected',
    );
    return ref;
  }

  /** The customer id of a valid signed identity; anything else is logged (the reason, never the token) and ignored. */
  private checkIdentity(token: string | undefined, conversationId: string): string | undefined {
    if (token === undefined) return undefined;
    if (!this.options.verifyIdentity) {
      this.log.warn({ conversationId }, 'web identity ignored: KEFU_IDENTITY_SECRET is not set; the shopper is anonymous');
      return undefined;
    }
    const check = this.options.verifyIdentity(token);
    if (check.ok) return check.customerId;
    this.log.warn({ conversationId, reason: check.reason }, 'web identity refused; the shopper continues as an anonymous visitor');
    return undefined;
  }

  private async loadHistory(ref: ConversationRef): Promise<HistoryItem[]> {
    if (!this.options.history) return this.memory.get(ref.conversationId);
    try {
      return (await this.options.history(ref)).slice(-HISTORY_LIMIT);
    } catch (err) {
      this.log.warn({ err, conversationId: ref.conversationId }, 'web history could not be loaded; welcoming without it');
      return [];
    }
  }

  private async turn(connection: ChatConnection, message: InboundMessage): Promise<void> {
    const handler = this.handler;
    if (!handler) return connection.error('unavailable', 'the chat is not started yet, try again shortly');
    const { conversationId } = message.ref;
    this.log.info(
      { conversationId, userId: message.ref.userId, id: message.id, kind: message.kind, text: message.text, event: message.event?.type },
      'web message accepted',
    );
    if (!this.options.history && message.text)
      this.memory.add(conversationId, { from: 'shopper', text: message.text, at: message.receivedAt });
    this.setTyping(conversationId, +1);
    try {
      await handler(message);
    } catch (err) {
      this.log.error({ err, conversationId, id: message.id }, 'web turn failed');
      connection.error('internal', 'the bot could not answer this message', message.id.split(':').pop());
    } finally {
      this.setTyping(conversationId, -1);
    }
  }

  private setTyping(conversationId: string, delta: 1 | -1): void {
    const before = this.typingTurns.get(conversationId) ?? 0;
    const after = Math.max(0, before + delta);
    if (after === 0) this.typingTurns.delete(conversationId);
    else this.typingTurns.set(conversationId, after);
    if (before === 0 && after > 0) this.hub.broadcast(conversationId, { type: 'typing', on: true });
    if (before > 0 && after === 0) this.hub.broadcast(conversationId, { type: 'typing', on: false });
  }

  private beat(): void {
    for (const [socket, answered] of this.alive) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      this.alive.set(socket, false);
      socket.ping();
    }
    this.hub.sweep();
    this.ipLimits?.sweep();
  }
}
