import type { Redis } from 'ioredis';
import type { Bot } from '../bot/bot';
import type { ChannelRouter } from '../bot/channel-router';
import type { CommerceGateway } from '../commerce/gateway';
import type { Logger } from '../core/log';
import type { UserDirectory } from '../core/user';
import { AgentDesk } from '../desk/agent-desk';
import { deskAvailability } from '../desk/desk-availability';
import { DeskEvents } from '../desk/desk-events';
import { OperatorPresence } from '../desk/operator-presence';
import { ReplyClaims } from '../desk/reply-claims';
import type { FlowsRuntime } from './flows-runtime';
import { doorDesk, type OperatorAvailability } from '../flows/service/operator-availability';
import { serviceHoursOf } from '../flows/service/service-context';
import type { PolicyLedger } from '../outreach/policy/ledger';
import { TypeormConsoleUsers } from '../store/console-user-store';
import type { ConversationLog } from '../store/conversation-log';
import { TypeormHandoffs } from '../store/handoff-store';
import type { TypeormServiceSessions } from '../store/service-session-store';
import type { StoreRunner } from '../store/store-runner';

/** The agent inbox's shared parts, made before the recorder and the flow engine that use them. */
export interface DeskParts {
  handoffs: TypeormHandoffs;
  events: DeskEvents;
  presence: OperatorPresence;
}

/**
 * The inbox's store, live events and operator presence (all processes share them through the database and Redis).
 *
 * @example
 * const parts = deskParts(runner, redis.redis, config.redisPrefix);
 */
export function deskParts(runner: StoreRunner, redis: Redis, prefix: string): DeskParts {
  return { handoffs: new TypeormHandoffs(runner), events: new DeskEvents(redis, prefix), presence: new OperatorPresence(redis, prefix) };
}

/** Whether `channel`'s handoffs go to kefu's console under the flows being served. */
export function answeredInConsole(flows: () => FlowsRuntime): (channel: string) => boolean {
  return (channel) => doorDesk(flows().current().settings.human_doors, channel) === 'console';
}

/**
 * Human availability for the flow engine: console doors have a human while an operator is online in the inbox; the
 * other doors follow settings.yaml's doors and service hours.
 */
export function consoleAvailability(parts: DeskParts, flows: () => FlowsRuntime, timeZone: string): OperatorAvailability {
  return deskAvailability(
    (now) => parts.presence.countCached(now),
    () => {
      const { settings } = flows().current();
      return { hours: serviceHoursOf(settings, timeZone), doors: settings.human_doors };
    },
  );
}

/** What {@link createAgentDesk} wires together. */
export interface AgentDeskWiring {
  parts: DeskParts;
  runner: StoreRunner;
  conversations: ConversationLog;
  recorder: { flush(): Promise<void> };
  users: UserDirectory;
  commerce: CommerceGateway;
  router: ChannelRouter;
  ledger: PolicyLedger;
  bot: Bot;
  sessions: TypeormServiceSessions;
  flows: FlowsRuntime;
  logger: Logger;
  /** Redis and key prefix for the reply claims. */
  redis: Redis;
  prefix: string;
  now?: () => number;
}

/**
 * The agent inbox service over the real parts. After a close the `satisfaction` flow (when the flows have it) asks the
 * shopper for a rating.
 *
 * @example
 * const desk = createAgentDesk({ parts, runner, conversations, recorder, users, commerce, router, ledger: outreach.ledger, bot, sessions, flows, logger });
 */
export function createAgentDesk(w: AgentDeskWiring): AgentDesk {
  const consoleUsers = new TypeormConsoleUsers(w.runner);
  return new AgentDesk({
    handoffs: w.parts.handoffs,
    events: w.parts.events,
    transcripts: w.conversations,
    flush: () => w.recorder.flush(),
    users: w.users,
    commerce: w.commerce,
    channels: w.router,
    windows: {
      checkChannel: (userId, channel, now, connected) => w.ledger.checkChannel(userId, channel, now, connected),
      recordOutbound: (channel, userId, at) => w.ledger.recordOutbound(channel, userId, at),
      recordRefusal: (channel, userId, reason) => w.ledger.windows.recordRefusal(channel, userId, reason),
    },
    conversation: { release: (key) => w.bot.release(key), noteHumanActivity: (key) => w.bot.noteHumanActivity(key) },
    sessions: w.sessions,
    operators: async () => (await consoleUsers.list()).map((u) => ({ name: u.name, role: u.role, disabled: u.disabledAt !== null })),
    closingText: () => w.flows.current().settings.texts.handoff_closed,
    replyClaims: new ReplyClaims(w.redis, w.prefix),
    askRating: async (handoff) => {
      if (!w.flows.current().flows.has('satisfaction')) return;
      await w.bot.startFlow({
        ref: handoff.ref,
        flowId: 'satisfaction',
        idempotencyKey: `csat:${handoff.conversation}:${handoff.handedOffAt}`,
      });
    },
    logger: w.logger.child({ name: 'desk' }),
    ...(w.now ? { now: w.now } : {}),
  });
}
