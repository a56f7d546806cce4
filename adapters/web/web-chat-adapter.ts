import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  UnsupportedFeatureError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ConversationRef,
  type InboundHandler,
  type InboundMessage,
  type Logger,
  type OutboundMessage,
  type OutboundType,
  type SendOptions,
  type SendResult,
} from '../../src/index';
import { ChatConnection, type ConnectionLimits } from './connection';
import { MemoryHistory } from './memory-history';
import type { HelloFrame, HistoryItem, ServerFrame } from './protocol';
import { SocketHub } from './socket-hub';
import { RecentKeys } from './recent-keys';
import { findPublicDir, registerStaticAssets } from './static-assets';

/** Options of {@link WebChatAdapter}. */
export interface WebChatOptions {
  /** WebSocket path. @defaultValue /chat/ws */
  path?: string;
  /** Per-connection token bucket, e.g. `{ messages: 20, perMs: 10_000 }` (config webRateLimit). */
  rateLimit: { messages: number; perMs: number };
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
  /** Serve the demo shop page at GET /. @defaultValue true */
  demoPage?: boolean;
  /** Folder of the widget files. @defaultValue adapters/web/public */
  publicDir?: string;
  /** Ping interval; sockets that miss a pong are closed. @defaultValue 30000 */
  heartbeatMs?: number;
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
  private handler?: InboundHandler;
  private readonly log: Logger;
  private readonly hub: SocketHub;
  /** Idempotency keys sent recently by this process (bounded). */
  private readonly sentKeys = new RecentKeys(10_000);
  private readonly memory = new MemoryHistory(HISTORY_LIMIT);
  private readonly typingTurns = new Map<string, number>();
  /** Every open socket, with whether it answered the last ping. */
  private readonly alive = new Map<WebSocket, boolean>();
  private readonly limits: ConnectionLimits;
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
  }

  /** WebSocket path of the chat. */
  get path(): string {
    return this.options.path ?? '/chat/ws';
  }

  registerRoutes(app: FastifyInstance): void {
    registerStaticAssets(app, findPublicDir(this.options.publicDir), this.options.demoPage ?? true);
    app.get(this.path, { websocket: true }, (socket, request) => {
      const origin = request.headers.origin ?? '';
      if (this.options.allowedOrigins && !this.options.allowedOrigins.includes(origin)) {
        this.log.warn({ origin }, 'web socket from a disallowed origin refused');
        socket.close(1008, 'origin not allowed');
        return;
      }
      this.accept(socket);
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const socket of this.alive.keys()) socket.close(1001, 'server shutting down');
    this.alive.clear();
    this.hub.clear();
  }

  async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    if (!OUTBOUND.includes(message.type)) throw new UnsupportedFeatureError(this.name, String(message.type));
    const key = options.idempotencyKey;
    if (key !== undefined && !this.sentKeys.add(key)) {
      this.log.info({ conversationId: ref.conversationId }, 'web reply dropped: this idempotency key was already sent');
      return { messageId: replyIdOf(key) };
    }
    // A keyed reply carries an id derived from the key, so the widget drops a copy sent by another process.
    const frame: ServerFrame = { type: 'reply', id: key === undefined ? newId('r') : replyIdOf(key), message };
    if (!this.options.history) this.memory.add(ref.conversationId, { from: 'bot', message, at: Date.now() });
    if (this.hub.broadcast(ref.conversationId, frame) === 0) {
      this.hub.enqueue(ref.conversationId, frame);
      this.log.info({ conversationId: ref.conversationId, type: message.type }, 'web reply queued: no open socket for this conversation');
    }
    return { messageId: frame.id };
  }

  /** Whether the shopper has this conversation open in a browser tab right now. */
  isPresent(ref: ConversationRef): boolean {
    return this.hub.count(ref.conversationId) > 0;
  }

  /** Number of open sockets of a conversation (0 = the shopper is not connected). */
  connections(conversationId: string): number {
    return this.hub.count(conversationId);
  }

  private accept(socket: WebSocket): void {
    const connection = new ChatConnection(
      socket,
      this.limits,
      { hello: (c, f) => this.hello(c, f), turn: (c, m) => this.turn(c, m) },
      this.log,
    );
    this.alive.set(socket, true);
    socket.on('pong', () => this.alive.set(socket, true));
    socket.on('message', (data, isBinary) => connection.receive(data, isBinary));
    socket.on('error', (err) => this.log.debug({ err }, 'web socket error'));
    socket.on('close', () => {
      this.alive.delete(socket);
      if (connection.ref) this.hub.remove(connection.ref.conversationId, socket);
    });
  }

  private async hello(connection: ChatConnection, frame: HelloFrame): Promise<ConversationRef> {
    const ref: ConversationRef = {
      channel: this.name,
      conversationId: frame.conversationId ?? newId('c'),
      userId: frame.userId ?? newId('u'),
    };
    const history = await this.loadHistory(ref);
    if (connection.socket.readyState !== connection.socket.OPEN) return ref;
    this.hub.add(ref.conversationId, connection.socket);
    connection.send({ type: 'welcome', userId: ref.userId, conversationId: ref.conversationId, history });
    const shown = new Set(history.map((h) => (h.from === 'bot' ? JSON.stringify(h.message) : '')));
    for (const pending of this.hub.takePending(ref.conversationId)) {
      if (pending.type === 'reply' && shown.has(JSON.stringify(pending.message))) continue;
      connection.send(pending);
    }
    this.log.info({ conversationId: ref.conversationId, userId: ref.userId, resumed: Boolean(frame.conversationId) }, 'web chat connected');
    return ref;
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
  }
}
