import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import {
  UnsupportedFeatureError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelNeeds,
  type ChannelStatus,
  type ConversationRef,
  type Logger,
  type OutboundMessage,
  type Recognizer,
  type SendResult,
} from '../../src/index';
import type { LiveFollowUpPort } from './buyer-follow-ups';
import { LiveRoom, type TriageSettings } from './live-room';
import type { LiveBoardSnapshot } from './room-board';
import type { LiveRoomConfig } from './rooms-file';
import { BilibiliSource } from './sources/bilibili-source';
import { DouyinWebhookSource } from './sources/douyin-webhook';
import { SocketSource } from './sources/socket-source';
import type { LiveSource } from './sources/source';

/** Options of {@link LiveAdapter}. */
export interface LiveAdapterOptions {
  /** The rooms (see loadRoomsFile). */
  rooms: LiveRoomConfig[];
  /** Shared Redis (Douyin message-id claims). */
  redis: Redis;
  /** @defaultValue 'kefu' */
  keyPrefix?: string;
  logger: Logger;
  /** The intent model for triage (the student); absent: the live flow's keywords alone. */
  recognizer?: Pick<Recognizer, 'recognize' | 'recognizeBatch'>;
  /** Private follow-ups of linked buyers (src/main.ts wires the outreach scheduler). */
  followUps?: LiveFollowUpPort;
  settings?: TriageSettings;
  now?: () => number;
}

/** Listener of board changes: the room id whose board changed. */
export type BoardListener = (room: string) => void;

/**
 * Live-stream rooms (直播间): reads every comment of each configured room, triages them in micro-batches, answers
 * question groups publicly (paced, naming several askers), counts buying intent and hands linked buyers to outreach,
 * and keeps a board for the streamer (`boards()`, `listen()`). Comments never become conversation turns: the
 * `InboundHandler` is not called. `send(ref, text)` posts into the room `ref.conversationId` where the platform
 * has a send path.
 *
 * @example
 * const live = new LiveAdapter({ rooms: loadRoomsFile('flows/live/rooms.yaml'), redis, logger, recognizer });
 * await live.start(async () => undefined);
 * live.boards(); // [{ room: 'main', groups: [...], counts: {...}, ... }]
 */
export class LiveAdapter implements ChannelAdapter {
  readonly name = 'live';
  readonly capabilities: ChannelCapabilities = { outbound: ['text'], proactive: false };
  /** Holds platform connections: opened by serving processes. Run the rooms in one process (each would read them all). */
  readonly needs: ChannelNeeds = { roles: 'serving' };
  private readonly rooms = new Map<string, { room: LiveRoom; source: LiveSource }>();
  private readonly listeners = new Set<BoardListener>();
  private started = false;

  constructor(private readonly options: LiveAdapterOptions) {
    for (const config of options.rooms) {
      const source = this.sourceFor(config);
      const room = new LiveRoom(config, {
        recognizer: options.recognizer,
        followUps: options.followUps,
        publish: async (answer) => {
          if (!source.send) return 'board';
          await source.send(answer.text);
          return 'sent';
        },
        source: () => source.status(),
        logger: options.logger,
        settings: options.settings,
        now: options.now,
        onChange: () => this.listeners.forEach((l) => l(config.id)),
      });
      this.rooms.set(config.id, { room, source });
    }
  }

  private sourceFor(config: LiveRoomConfig): LiveSource {
    const log = this.options.logger.child({ room: config.id });
    if (config.platform === 'bilibili') return new BilibiliSource(config, log, this.options.now);
    if (config.platform === 'socket') return new SocketSource(config, log, this.options.now);
    return new DouyinWebhookSource({
      room: config,
      redis: this.options.redis,
      keyPrefix: this.options.keyPrefix ?? 'kefu',
      logger: log,
      now: this.options.now,
    });
  }

  registerRoutes(app: FastifyInstance): void {
    for (const { source } of this.rooms.values()) source.registerRoutes?.(app);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const { room, source } of this.rooms.values()) {
      room.start();
      await source.start((comment) => room.ingest(comment));
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const { room, source } of this.rooms.values()) {
      room.stop();
      await source.stop();
    }
  }

  /** One room's triage (tests and the bench wait on `room(id).drained()`). */
  room(id: string): LiveRoom | undefined {
    return this.rooms.get(id)?.room;
  }

  /** Every room's board, as the console shows it. */
  boards(): LiveBoardSnapshot[] {
    return [...this.rooms.values()].map(({ room }) => room.snapshot());
  }

  /** Be told when a room's board changes (at most every 200 ms per room). Returns the unsubscribe function. */
  listen(listener: BoardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): ChannelStatus {
    const states = [...this.rooms.values()].map(({ source }) => source.status().state);
    const online = states.filter((s) => s === 'online').length;
    return {
      state: online > 0 ? 'online' : this.started ? 'starting' : 'offline',
      detail: `${online}/${states.length} live rooms connected`,
    };
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<SendResult> {
    const entry = this.rooms.get(ref.conversationId);
    if (message.type !== 'text') throw new UnsupportedFeatureError(this.name, message.type);
    if (!entry?.source.send) throw new UnsupportedFeatureError(this.name, `public send in room ${ref.conversationId}`);
    await entry.source.send(message.text);
    return {};
  }
}
