/**
 * The composition root: the one file that wires channel adapters into the core, mounts their routes
 * on the HTTP server and starts everything for a role (web, worker, all).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { WebChatAdapter, type HistoryItem } from '../adapters/web';
import { WechatOfficialAdapter } from '../adapters/wechat-official';
import { WecomKfAdapter } from '../adapters/wecom-kf';
import { WechatyAdapter } from '../adapters/wechaty';
import { BotFrameworkAdapter } from '../adapters/botframework';
import { botFrameworkSettings } from './config/botframework-settings';
import { LiveAdapter, loadRoomsFile } from '../adapters/live';
import { createLiveRecognizer, type LiveRecognizer } from './app/live-recognizer';
import { liveFollowUps } from './app/live-follow-ups';
import { registerLiveBoardRoutes } from './server/console/live-board-routes';
import { shopWindowCards } from './commerce/shop-window';
import { channelSettings } from './config/channel-settings';
import { createAdminService } from './app/admin-service';
import { createKefuCore, type CoreOptions, type KefuCore } from './app/create-kefu';
import { kefuReadiness } from './app/readiness';
import type { KefuConfig } from './config/schema';
import type { ChannelAdapter } from './core/channel-adapter';
import { conversationKey, outboundToText, type OutboundMessage } from './core/message';
import { verifyIdentity } from './identity/signed-identity';
import { buildServer } from './server/build-server';
import { registerUnsubscribeRoute } from './server/unsubscribe-route';
import { registerMetricsRoute } from './server/metrics-route';
import { kpiRoutes } from './server/kpi-routes';
import { serviceKpiRoutes } from './server/service-kpi-routes';
import { registerServiceKpiMetrics } from './kpis/kpi-metrics';
import { eventsRoutes } from './events/events-routes';
import { subscribeRedisEvents, type EventSubscription } from './events/redis-events';
import { followCommerceEvents } from './events/commerce-feed';
import { startBehaviourConsumers } from './app/create-behaviour';
import { metricsHandler, mountBullBoard } from './outreach';
import { mountConsole } from './app/mount-console';
import type { OutreachWorkers } from './outreach/worker';

/** A running kefu: the core, the HTTP app and the adapters. */
export interface RunningKefu {
  core: KefuCore;
  app: FastifyInstance;
  adapters: ChannelAdapter[];
  /** The address the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/**
 * The channel adapters this process opens: web chat always, and each WeChat door whose variables are set (see
 * docs/wechat-channels.md); a `worker` process opens only those whose {@link ChannelAdapter.needs} say `any`
 * role (wechaty holds a login, so only serving processes open it).
 */
export function createAdapters(core: KefuCore): ChannelAdapter[] {
  const all = [createWebChat(core), ...createWechatDoors(core), ...createBotFramework(core)];
  return core.config.role === 'worker' ? all.filter((adapter) => adapter.needs.roles === 'any') : all;
}

/**
 * The Bot Framework door (POST /api/messages): authenticated with KEFU_BOTFRAMEWORK_APP_ID; without it only the local
 * Emulator is served, or anyone with KEFU_BOTFRAMEWORK_EMULATOR=true (adapters/botframework/README.md).
 */
function createBotFramework(core: KefuCore): ChannelAdapter[] {
  const { config, logger, conversations, recorder, redis } = core;
  const settings = botFrameworkSettings(config);
  return [
    new BotFrameworkAdapter({
      ...settings.credentials,
      allowUnauthenticated: settings.unauthenticatedFromAnywhere,
      openIdMetadataUrl: settings.openIdMetadataUrl,
      loginBaseUrl: settings.loginBaseUrl,
      redis: redis.redis,
      keyPrefix: config.redisPrefix,
      logger: logger.child({ name: 'botframework' }),
      // a handoff event carries the last 20 lines of the conversation
      transcript: async (ref) => {
        await recorder.flush();
        const rows = await conversations.history(conversationKey(ref), 20);
        return rows.flatMap((row) => {
          const text =
            row.direction === 'in' ? row.text : row.payload ? outboundToText(row.payload as unknown as OutboundMessage) : row.text;
          return text
            ? [{ from: row.direction === 'in' ? ('shopper' as const) : ('bot' as const), text, at: Date.parse(row.createdAt) }]
            : [];
        });
      },
    }),
  ];
}

function createWechatDoors(core: KefuCore): ChannelAdapter[] {
  const { config, logger, redis } = core;
  const doors = channelSettings(config);
  const common = {
    redis: redis.redis,
    keyPrefix: config.redisPrefix,
    apiBaseUrl: config.wechatApiBase,
    replyMode: config.wechatReplyMode,
    turnConcurrency: config.inboxConcurrency,
    images: { allowHosts: config.mediaFetchAllowHosts },
    // A split deployment: web processes acknowledge and keep pushes, worker processes run their turns.
    runTurns: config.role !== 'web',
  };
  const adapters: ChannelAdapter[] = [];
  if (doors.official.length > 0)
    adapters.push(
      new WechatOfficialAdapter({ ...common, kind: 'official', apps: doors.official, logger: logger.child({ name: 'wechat-official' }) }),
    );
  if (doors.mini.length > 0)
    // Mini Programs accept only transfer_customer_service as a passive reply: their answers always use the API.
    adapters.push(
      new WechatOfficialAdapter({
        ...common,
        replyMode: 'api',
        kind: 'mini',
        apps: doors.mini,
        logger: logger.child({ name: 'wechat-mini' }),
      }),
    );
  if (doors.wecomKf) {
    const { servicerUserId, ...kf } = doors.wecomKf;
    adapters.push(
      new WecomKfAdapter({
        ...kf,
        handoff: servicerUserId ? { servicerUserId } : {},
        redis: redis.redis,
        keyPrefix: config.redisPrefix,
        apiBaseUrl: config.wecomApiBase,
        images: { allowHosts: config.mediaFetchAllowHosts },
        turnConcurrency: config.inboxConcurrency,
        runTurns: config.role !== 'web',
        logger: logger.child({ name: 'wecom-kf' }),
      }),
    );
  }
  if (doors.wechaty) {
    const { puppet, token, roomKeywords, paceMs } = doors.wechaty;
    const wechatyLogger = logger.child({ name: 'wechaty' });
    adapters.push(
      new WechatyAdapter({
        puppet,
        ...(token ? { puppetOptions: { token } } : {}),
        room: { keywords: roomKeywords },
        paceMs,
        // kefu fetches images itself, guarded like the other WeChat doors (no internal hosts unless listed)
        images: { allowHosts: config.mediaFetchAllowHosts },
        // the login session survives restarts in <KEFU_DATA_DIR>/wechaty.memory-card.json (no new scan needed)
        botName: wechatySessionFile(config.dataDir),
        logger: wechatyLogger,
        onAlert: (alert) => wechatyLogger.error({ alert: alert.kind, detail: alert.detail }, 'wechaty needs an operator'),
      }),
    );
  }
  return adapters;
}

/** Where wechaty keeps its login session: `<dataDir>/wechaty` (+ `.memory-card.json`), the folder created private. */
function wechatySessionFile(dataDir: string): string {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, 'wechaty');
}

function createWebChat(core: KefuCore): ChannelAdapter {
  const { config, logger, conversations, recorder, redis } = core;
  const history = async (ref: Parameters<typeof conversationKey>[0]): Promise<HistoryItem[]> => {
    await recorder.flush();
    const rows = await conversations.history(conversationKey(ref), 50);
    return rows.flatMap((row): HistoryItem[] => {
      const at = Date.parse(row.createdAt);
      if (row.direction === 'in')
        return row.kind === 'text' || row.kind === 'postback' ? [{ from: 'shopper', text: row.text ?? '', at }] : [];
      if (!row.payload) return [];
      const { operator: _operator, ...message } = row.payload; // the operator's console login name stays in the console
      return [{ from: 'bot', message: message as unknown as OutboundMessage, at }];
    });
  };
  const web = new WebChatAdapter({
    rateLimit: { messages: config.webRateLimit, perMs: 10_000 },
    ipLimit: { messages: config.webIpRateLimit, perMs: 10_000, connections: config.webIpConnections },
    maxChars: config.maxMessageChars,
    presenceGraceMs: config.webPresenceGraceMs,
    history,
    // The demo page's tiles come from the catalogue the bot answers from.
    catalogue: () => shopWindowCards(core.commerce),
    logger: logger.child({ name: 'web' }),
    // Signed shop identities (KEFU_IDENTITY_SECRET): a logged-in shopper's chat is the shop customer's (docs/identity.md).
    ...(config.identitySecret ? { verifyIdentity: (token: string) => verifyIdentity(token, config.identitySecret!) } : {}),
    // Any process may send to a shopper whose socket is on another one (split roles, a load balancer).
    cluster: { redis: redis.redis, keyPrefix: config.redisPrefix },
  });
  return web;
}

/**
 * The live-stream rooms of `KEFU_LIVE_ROOMS` (adapters/live/README.md) in a serving process: comments triaged with the
 * student model (or the rooms' keywords), linked buyers followed up through outreach. Undefined when no rooms file.
 */
async function createLiveRooms(core: KefuCore): Promise<{ adapter: LiveAdapter; model: LiveRecognizer } | undefined> {
  const { config, logger, redis } = core;
  if (!config.liveRooms || config.role === 'worker') return undefined;
  const rooms = loadRoomsFile(config.liveRooms);
  const model = await createLiveRecognizer(config, core.recognizer, logger.child({ name: 'live' }));
  const adapter = new LiveAdapter({
    rooms,
    redis: redis.redis,
    keyPrefix: config.redisPrefix,
    logger: logger.child({ name: 'live' }),
    recognizer: model.recognizer,
    followUps: liveFollowUps(core),
  });
  return { adapter, model };
}

/**
 * Start kefu: core, adapters, HTTP server on config.port.
 *
 * @example
 * const kefu = await startKefu(loadConfig());
 * // … later
 * await kefu.close();
 */
export async function startKefu(config: KefuConfig, options: CoreOptions = {}): Promise<RunningKefu> {
  const core = await createKefuCore(config, options);
  let workers: OutreachWorkers | undefined;
  let events: EventSubscription | undefined;
  let commerceEvents: EventSubscription | undefined;
  let stopBehaviour: (() => Promise<void>) | undefined;
  let adapters: ChannelAdapter[] = [];
  let live: { adapter: LiveAdapter; model: LiveRecognizer } | undefined;
  try {
    const serving = config.role !== 'worker';
    adapters = createAdapters(core);
    live = await createLiveRooms(core); // live-stream rooms (KEFU_LIVE_ROOMS), serving processes only
    if (live) adapters.push(live.adapter);
    for (const adapter of adapters) core.router.add(adapter);
    const readiness = kefuReadiness({ ...core, adapters }); // Redis, database, durable inboxes; flows errors warn
    const app = await buildServer({
      config,
      logger: core.logger,
      adapters: serving ? adapters : [],
      readiness,
      admin: createAdminService(core),
      redis: core.redis.redis, // HTTP rate limits count in Redis, across processes
    });
    await mountOutreachRoutes(app, core);
    if (serving) {
      const guard = mountConsole(app, core); // the operators' console at /console (docs/console.md)
      if (live) registerLiveBoardRoutes(app, guard, live.adapter); // 直播看板
    }
    // resolves to `running_elsewhere` for a message a live turn in another process holds: its inbox entry is left to it
    const handler = (message: Parameters<typeof core.bot.handle>[0]) => core.bot.handleInbound(message);
    // Each adapter starts what this role needs (see ChannelNeeds / StartContext): a worker runs the turns its
    // web peers kept in durable inboxes and sends; web chat in a worker only relays replies to the socket's process.
    for (const adapter of adapters) await adapter.start(handler, { role: config.role });
    const kept = adapters.filter((a) => a.needs.durableInbox).map((a) => a.name);
    if (config.role === 'web' && kept.length > 0)
      core.logger.warn(
        { channels: kept },
        'role web: WeChat messages are kept for worker processes; run at least one kefu start --role worker',
      );
    if (config.role !== 'web') {
      // Behaviour events from the shop's systems can also be pushed to a Redis list (see docs/operations.md).
      events = subscribeRedisEvents(
        core.redis.redis,
        `${config.redisPrefix}:events:in`,
        {
          redis: core.redis.redis,
          prefix: config.redisPrefix,
          handler: core.events,
          customers: core.identities,
          streams: core.behaviour.streams,
        },
        (r) => {
          if (r.rejected.length > 0) core.logger.warn({ rejected: r.rejected }, 'events from the Redis list rejected');
        },
        { onError: (err) => core.logger.warn({ err }, 'events from the Redis list not handled yet; they stay queued and are retried') },
      );
      // …and the CommerceGateway's event feed (order_created, order_paid, coupon_issued, …), when it has one.
      commerceEvents = followCommerceEvents(
        core.commerce,
        {
          redis: core.redis.redis,
          prefix: config.redisPrefix,
          handler: core.events,
          customers: core.identities,
          streams: core.behaviour.streams,
        },
        {
          onError: (err) => core.logger.warn({ err }, 'commerce event feed not read; retrying'),
          // An event lacking a field its triggers read (e.g. payload.couponCode) says so here instead of scheduling nothing.
          onResult: (r) => {
            if (r.rejected.length > 0) core.logger.warn({ rejected: r.rejected }, 'events from the commerce feed rejected');
          },
        },
      );
      // Behaviour streams → hot features (docs/profiles.md); direct producers' order/cart events reach outreach here.
      stopBehaviour = await startBehaviourConsumers(
        core.behaviour,
        { redis: core.redis.redis, prefix: config.redisPrefix, handler: core.events, customers: core.identities },
        core.logger,
      );
      workers = core.outreach.startWorkers({
        channels: adapters.map((a) => a.name),
        onError: (err) => core.logger.warn({ err }, 'outreach worker error'),
      });
    }
    const address = await app.listen({ port: config.port, host: config.host });
    core.logger.info({ url: address, role: config.role }, 'kefu is listening');
    let closed = false;
    return {
      core,
      app,
      adapters,
      url: address.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1'),
      close: async () => {
        if (closed) return;
        closed = true;
        await events?.stop();
        await commerceEvents?.stop();
        await stopBehaviour?.();
        await workers?.close(); // let running jobs finish (graceful shutdown)
        for (const adapter of adapters) await adapter.stop();
        await app.close();
        await live?.model.close();
        await core.close();
      },
    };
  } catch (error) {
    await events?.stop();
    await commerceEvents?.stop();
    await stopBehaviour?.().catch(() => undefined);
    await workers?.close();
    // Started adapters hold connections of their own (e.g. web chat's Redis subscriber).
    for (const adapter of adapters) await adapter.stop().catch(() => undefined);
    await live?.model.close().catch(() => undefined);
    await core.close();
    throw error;
  }
}

/** POST /events (behaviour events in), GET /metrics (Prometheus, metrics or admin token), the conversion KPIs and Bull Board at /admin/queues (admin token). */
async function mountOutreachRoutes(app: FastifyInstance, core: KefuCore): Promise<void> {
  const { config, outreach, redis } = core;
  await app.register(
    eventsRoutes({
      redis: redis.redis,
      prefix: config.redisPrefix,
      handler: core.events,
      customers: core.identities,
      streams: core.behaviour.streams, // every valid event also goes to the behaviour streams (features)
      token: config.adminToken,
    }),
  );
  registerMetricsRoute(app, metricsHandler(outreach.metrics.registry), {
    metricsToken: config.metricsToken,
    adminToken: config.adminToken,
  });
  await registerUnsubscribeRoute(app, core.links, core.users);
  // GET /admin/kpis/conversions: orders credited to chat and outreach (docs/attribution.md)
  await app.register(kpiRoutes({ token: config.adminToken, conversions: core.attribution, timeZone: config.timezone }));
  // GET /admin/api/kpis/service and the kefu_service_* gauges: service KPIs from stored events (docs/kpis.md)
  await app.register(serviceKpiRoutes({ token: config.adminToken, kpis: core.kpis, timeZone: config.timezone }));
  registerServiceKpiMetrics(outreach.metrics.registry, core.kpis, {
    onError: (err) => core.logger.warn({ err }, 'service KPI metrics not refreshed'),
  });
  if (config.adminToken) await mountBullBoard(app, outreach.queues.all(), { adminToken: config.adminToken });
}
