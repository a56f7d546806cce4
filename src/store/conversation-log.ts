import type { DataSource, EntityManager } from 'typeorm';
import { KefuError } from '../core/errors';
import { conversationKey, outboundToText, type ConversationRef, type OutboundMessage } from '../core/message';
import type { TurnRecord } from '../core/turn-record';
import { ConversationEntity, type ConversationMode, type ConversationStatus } from './entities/conversation.entity';
import { MessageLogEntity, type MessageDirection } from './entities/message-log.entity';
import { selectWhere } from './plain-reads';
import { insertRows, updateById } from './plain-writes';
import { isUniqueViolation, StoreRunner } from './store-runner';
import { storedReply, storedText } from './transcript-masking';

export type { TurnRecord } from '../core/turn-record';

/** A logged message, oldest first in {@link ConversationLog.history}. */
export interface LoggedMessage {
  id: number;
  direction: MessageDirection;
  kind: string;
  text?: string;
  /** For outbound rows: the full {@link OutboundMessage}; inbound: postback/event/image extras. */
  payload?: Record<string, unknown>;
  intent?: string;
  score?: number;
  flowId?: string;
  createdAt: string;
}

/** A conversation as the admin API lists it. */
export interface ConversationSummary {
  key: string;
  channel: string;
  ref: ConversationRef;
  userId?: string;
  activeFlow?: string;
  activeStep?: string;
  slots: Record<string, unknown>;
  status: ConversationStatus;
  mode: ConversationMode;
  resolved: boolean;
  escalated: boolean;
  turns: number;
  startedAt: string;
  updatedAt: string;
}

/**
 * The durable record of conversations and their messages (the live state is in Redis). Message texts are
 * stored with personal data masked and order ids kept (see src/store/transcript-masking.ts).
 *
 * @example
 * const log = new ConversationLog(dataSource);
 * await log.recordTurn({ ref, userId: user.id, inbound, replies, mode: 'bot' });
 * const last20 = await log.history(conversationKey(ref), 20);
 */
export class ConversationLog {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  /** Upserts the conversation and appends the inbound message and replies, in one transaction. */
  async recordTurn(turn: TurnRecord): Promise<void> {
    try {
      await this.runner.transaction((em) => writeTurn(em, turn));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another process created the conversation row at the same moment; now it exists.
      await this.runner.transaction((em) => writeTurn(em, turn));
    }
  }

  /**
   * Writes several turns in one transaction (used by the bot's write-behind buffer). Falls back to one
   * transaction per turn when another process raced to create a conversation row.
   */
  async recordTurns(turns: TurnRecord[]): Promise<void> {
    if (turns.length === 0) return;
    try {
      await this.runner.transaction((em) => writeTurns(em, turns));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      for (const turn of turns) await this.recordTurn(turn);
    }
  }

  /** The last `limit` messages of a conversation, oldest first (web chat history on reload). */
  async history(key: string, limit = 50): Promise<LoggedMessage[]> {
    const rows = await this.runner.read((em) =>
      em.find(MessageLogEntity, {
        where: { conversationId: key },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: Math.max(1, Math.min(limit, 500)),
      }),
    );
    return rows.reverse().map(toLoggedMessage);
  }

  /** A shopper's conversations on every channel, most recently active first (for outreach channel choice). */
  async conversationsOfUser(userId: string, limit = 20): Promise<ConversationSummary[]> {
    const rows = await this.runner.read((em) =>
      em.find(ConversationEntity, { where: { userId }, order: { updatedAt: 'DESC' }, take: limit }),
    );
    return rows.map(toSummary);
  }

  /** Conversations, most recently active first, optionally only those in one mode. */
  async listConversations(opts: { mode?: ConversationMode; limit?: number } = {}): Promise<ConversationSummary[]> {
    const rows = await this.runner.read((em) =>
      em.find(ConversationEntity, {
        where: opts.mode ? { mode: opts.mode } : {},
        order: { updatedAt: 'DESC', id: 'ASC' },
        take: Math.max(1, Math.min(opts.limit ?? 50, 500)),
      }),
    );
    return rows.map(toSummary);
  }

  /** One conversation by key. */
  async getConversation(key: string): Promise<ConversationSummary | undefined> {
    const row = await this.runner.read((em) => em.findOne(ConversationEntity, { where: { id: key } }));
    return row ? toSummary(row) : undefined;
  }

  /**
   * Appends a human operator's message (sent from the console) to a conversation: an `out` row whose payload is the
   * message plus `operator` (the console user's name), so transcripts tell the human from the bot and web chat
   * history shows it after a reload. The conversation must exist (it does: the shopper's turns created it).
   */
  async recordOperatorMessage(
    key: string,
    userId: string,
    message: OutboundMessage,
    operator: string,
    at = new Date(),
  ): Promise<LoggedMessage> {
    const reply = storedReply(message);
    const row = await this.runner.transaction(async (em) => {
      const entity = Object.assign(new MessageLogEntity(), {
        conversationId: key,
        userId,
        direction: 'out' as const,
        kind: reply.type,
        text: outboundToText(reply),
        payload: { ...(reply as unknown as Record<string, unknown>), operator },
        intent: null,
        score: null,
        flowId: null,
        createdAt: at,
      });
      const saved = await em.save(MessageLogEntity, entity);
      await em.update(ConversationEntity, { id: key }, { updatedAt: at });
      return saved;
    });
    return toLoggedMessage(row);
  }

  /** Records a handoff or a release. Handoff also marks the conversation escalated. */
  async setMode(key: string, mode: ConversationMode, at = new Date()): Promise<ConversationSummary> {
    return this.runner.transaction(async (em) => {
      const row = await em.findOne(ConversationEntity, { where: { id: key } });
      if (!row) {
        throw new KefuError(
          'CONVERSATION_NOT_FOUND',
          `No conversation with key '${key}'.`,
          'list conversations with the admin API and use one of their keys.',
        );
      }
      row.mode = mode;
      row.escalated = row.escalated || mode === 'handoff';
      row.updatedAt = at;
      await em.save(ConversationEntity, row);
      return toSummary(row);
    });
  }
}

async function writeTurn(em: EntityManager, turn: TurnRecord): Promise<void> {
  await writeTurns(em, [turn]);
}

/**
 * Writes turns in one go: one read of the conversations involved, one insert of the new ones, one
 * update per existing conversation, and chunked inserts of all messages in order. A message is logged once: a
 * re-run's inbound (`rerun`, after a run that threw) already logged for its message id is not written again, nor
 * counted as another turn (see {@link loggedBefore}).
 */
async function writeTurns(em: EntityManager, turns: TurnRecord[]): Promise<void> {
  const keys = [...new Set(turns.map((t) => conversationKey(t.ref)))];
  const existing = await selectWhere(em, ConversationEntity, { id: keys });
  const rows = new Map(existing.map((row) => [row.id, row]));
  const fresh = new Set<string>();
  const messages: Partial<MessageLogEntity>[] = [];
  const inbound = new Set<string>(); // `<conversation> <message id>` logged in this batch
  for (const turn of turns) {
    const at = turn.at ?? new Date();
    const key = conversationKey(turn.ref);
    let row = rows.get(key);
    if (!row) {
      row = Object.assign(new ConversationEntity(), {
        id: key,
        channel: turn.ref.channel,
        startedAt: at,
        turns: 0,
        escalated: false,
        resolved: false,
        status: 'open',
      });
      rows.set(key, row);
      fresh.add(key);
    }
    const seen = `${key} ${turn.inbound.id}`;
    const repeated = turn.rerun === true && (inbound.has(seen) || (!fresh.has(key) && (await loggedBefore(em, key, turn.inbound.id))));
    inbound.add(seen);
    applyTurn(row, turn, at, !repeated);
    if (!repeated) messages.push(inboundRow(key, turn, at));
    messages.push(...turn.replies.map((r) => outboundRow(key, turn, r, at)));
  }
  // plain statements (src/store/plain-writes.ts): typeorm's builders cost ~0.5 ms of the event loop per row
  // every column is set (applyTurn): typeorm's insert would read the defaulted ones back, a SELECT per batch
  await insertRows(
    em,
    ConversationEntity,
    [...fresh].map((key) => rows.get(key)!),
  );
  for (const row of existing) {
    const { id, ...changes } = row;
    await updateById(em, ConversationEntity, id, changes);
  }
  await insertRows(em, MessageLogEntity, messages); // in order, 200 rows a statement
}

/** Inbound rows a re-run looks through for its message id: the conversation's latest ones (re-runs come soon). */
const RERUN_LOOKBACK = 50;

/** Whether the conversation's log has message `messageId` already (an earlier run of it threw, and was logged). */
async function loggedBefore(em: EntityManager, key: string, messageId: string): Promise<boolean> {
  const rows = await em.find(MessageLogEntity, {
    select: { id: true, payload: true },
    where: { conversationId: key, direction: 'in' },
    order: { id: 'DESC' },
    take: RERUN_LOOKBACK,
  });
  return rows.some((row) => row.payload?.messageId === messageId);
}

function applyTurn(row: ConversationEntity, turn: TurnRecord, at: Date, newMessage: boolean): void {
  row.ref = turn.ref;
  row.userId = turn.userId ?? row.userId ?? null;
  row.activeFlow = turn.activeFlow ?? null;
  row.activeStep = turn.activeStep ?? null;
  row.slots = turn.slots ?? {};
  row.mode = turn.mode;
  row.escalated = Boolean(row.escalated || turn.escalated || turn.mode === 'handoff');
  row.resolved = turn.resolved ?? row.resolved;
  row.status = 'open';
  row.turns = (row.turns ?? 0) + (newMessage ? 1 : 0);
  row.updatedAt = at;
}

function inboundRow(key: string, turn: TurnRecord, at: Date): Partial<MessageLogEntity> {
  const m = turn.inbound;
  const extras: Record<string, unknown> = { messageId: m.id, receivedAt: m.receivedAt };
  if (m.postback !== undefined) extras.postback = m.postback;
  if (m.imageUrl !== undefined) extras.imageUrl = m.imageUrl;
  if (m.event !== undefined) extras.event = m.event;
  const top = turn.recognition?.top;
  return {
    conversationId: key,
    userId: turn.userId ?? null,
    direction: 'in',
    kind: m.kind,
    text: storedText(m.text),
    payload: extras,
    intent: top?.name ?? null,
    score: top ? top.score : null,
    flowId: turn.activeFlow ?? turn.startedFlow ?? turn.endedFlows?.at(-1) ?? null, // a flow that ended in this turn still answered it
    createdAt: at,
  };
}

function outboundRow(key: string, turn: TurnRecord, sent: OutboundMessage, at: Date): Partial<MessageLogEntity> {
  const reply = storedReply(sent);
  return {
    conversationId: key,
    userId: turn.userId ?? null,
    direction: 'out',
    kind: reply.type,
    text: outboundToText(reply),
    payload: reply as unknown as Record<string, unknown>,
    intent: null,
    score: null,
    flowId: turn.activeFlow ?? turn.startedFlow ?? turn.endedFlows?.at(-1) ?? null, // a flow that ended in this turn still answered it
    createdAt: at,
  };
}

function toLoggedMessage(row: MessageLogEntity): LoggedMessage {
  const m: LoggedMessage = { id: row.id, direction: row.direction, kind: row.kind, createdAt: new Date(row.createdAt).toISOString() };
  if (row.text !== null) m.text = row.text;
  if (row.payload !== null) m.payload = row.payload;
  if (row.intent !== null) m.intent = row.intent;
  if (row.score !== null) m.score = Number(row.score);
  if (row.flowId !== null) m.flowId = row.flowId;
  return m;
}

function toSummary(row: ConversationEntity): ConversationSummary {
  const s: ConversationSummary = {
    key: row.id,
    channel: row.channel,
    ref: row.ref,
    slots: row.slots ?? {},
    status: row.status,
    mode: row.mode,
    resolved: Boolean(row.resolved),
    escalated: Boolean(row.escalated),
    turns: row.turns,
    startedAt: new Date(row.startedAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
  if (row.userId) s.userId = row.userId;
  if (row.activeFlow) s.activeFlow = row.activeFlow;
  if (row.activeStep) s.activeStep = row.activeStep;
  return s;
}
