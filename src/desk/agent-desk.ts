import type { CommerceGateway, Order } from '../commerce/gateway';
import type { ChannelAdapter, SendOptions, SendResult } from '../core/channel-adapter';
import { ChannelWindowError, KefuError } from '../core/errors';
import type { Logger } from '../core/log';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { UserProfile } from '../core/user';
import type { PolicyDecision } from '../outreach/policy/decision';
import type { LoggedMessage } from '../store/conversation-log';
import type { DeskEvents } from './desk-events';
import type { Handoff, HandoffQuery, Handoffs } from './handoff-types';
import { buildOperatorMessage, type OperatorMessage } from './operator-reply';
import { HUMAN_SIDE_NOTE, replyCheckOf, type ReplyCheck } from './reply-check';
import type { ReplyClaims, StoredReply } from './reply-claims';

/** A console user acting in the inbox. */
export interface DeskOperator {
  name: string;
  role: 'admin' | 'operator' | 'marketing';
}

/** Everything the inbox shows about one handoff. */
export interface HandoffDetail {
  handoff: Handoff;
  /** The conversation's last messages, oldest first, with what the bot understood (intent, score, flow). */
  transcript: LoggedMessage[];
  shopper?: UserProfile;
  /** The shopper's recent orders from the shop (newest first, at most 5; empty when the shop did not answer). */
  orders: Order[];
  canReply: ReplyCheck;
}

/** What {@link AgentDesk} needs; the composition root (src/app/create-desk.ts) wires the real parts. */
export interface AgentDeskDeps {
  handoffs: Handoffs;
  events: Pick<DeskEvents, 'publish'>;
  transcripts: {
    history(key: string, limit?: number): Promise<LoggedMessage[]>;
    recordOperatorMessage(key: string, userId: string, message: OutboundMessage, operator: string, at?: Date): Promise<LoggedMessage>;
    setMode(key: string, mode: 'bot' | 'handoff', at?: Date): Promise<unknown>;
  };
  /** Write the turns still buffered, so the transcript is complete. */
  flush(): Promise<void>;
  users: { get(id: string): Promise<UserProfile | undefined> };
  commerce: CommerceGateway;
  channels: {
    send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
    get(name: string): ChannelAdapter | undefined;
  };
  /** The policy ledger's channel rules (WeChat windows; web presence). */
  windows: {
    checkChannel(userId: string, channel: string, now: number, connected?: boolean): Promise<PolicyDecision>;
    recordOutbound(channel: string, userId: string, at?: number): Promise<unknown>;
    recordRefusal?(channel: string, userId: string, reason: 'window_closed' | 'window_quota'): Promise<void>;
  };
  /** The bot's side: give the conversation back, or note that a human is active in it. */
  conversation: { release(key: string): Promise<boolean>; noteHumanActivity(key: string): Promise<boolean> };
  /** Service sessions: a human's reply (first response time). */
  sessions: { noteReply(key: string, at: number): Promise<boolean> };
  /** Console users who may own handoffs (transfer targets). */
  operators(): Promise<{ name: string; role: string; disabled?: boolean }[]>;
  /** Said to the shopper when an operator closes (settings `texts.handoff_closed`); empty: nothing said. */
  closingText(): string;
  /** Claims of the console's per-message client ids, so a retried reply is sent once (ReplyClaims). */
  replyClaims?: Pick<ReplyClaims, 'begin' | 'finish' | 'abandon'>;
  /** Ask the shopper to rate the service after a close (the `satisfaction` flow), when the flows have one. */
  askRating?(handoff: Handoff): Promise<void>;
  logger: Pick<Logger, 'warn' | 'info'>;
  now?: () => number;
}

/**
 * The agent inbox (人工工作台): handed-over conversations from every door answered in kefu's console. Operators take
 * one (atomically: one wins), reply (each door's rules apply: WeChat's 48-hour window and 5-message allowance, 微信客服
 * sessions a human took on the platform), transfer it to a colleague and close it, which gives the conversation back
 * to the bot and may ask for a rating. While a human has it the bot stays silent; operator replies reset the idle time
 * after which the bot takes it back. Every change is published to the open consoles.
 *
 * @example
 * const desk = new AgentDesk(deps);
 * await desk.take(7, { name: 'xiaomei', role: 'operator' });
 * await desk.reply(7, { name: 'xiaomei', role: 'operator' }, { type: 'text', text: '您好，我是客服小美～' }, 'c1');
 * await desk.close(7, { name: 'xiaomei', role: 'operator' });
 */
export class AgentDesk {
  private readonly now: () => number;

  constructor(private readonly deps: AgentDeskDeps) {
    this.now = deps.now ?? Date.now;
  }

  list(query: HandoffQuery): Promise<Handoff[]> {
    return this.deps.handoffs.list(query);
  }

  async detail(id: number): Promise<HandoffDetail> {
    const handoff = await this.get(id);
    await this.deps.flush();
    const [transcript, shopper, orders, canReply] = await Promise.all([
      this.deps.transcripts.history(handoff.conversation, 100),
      this.deps.users.get(handoff.userId),
      this.recentOrders(handoff.userId),
      this.replyCheck(handoff),
    ]);
    return { handoff, transcript, ...(shopper ? { shopper } : {}), orders, canReply };
  }

  async take(id: number, operator: DeskOperator): Promise<Handoff> {
    const taken = await this.deps.handoffs.take(id, operator.name, this.now());
    if (taken) {
      await this.deps.events.publish({ type: 'taken', id, operator: operator.name, at: this.now() });
      return taken;
    }
    const current = await this.get(id);
    if (current.status === 'taken' && current.operator === operator.name) return current;
    throw conflict(current);
  }

  /**
   * Send an operator's reply. `clientId` (one per message, from the console) makes a retried request send it once: the
   * repeat gets the first answer (409 while the first is still sending).
   */
  async reply(id: number, operator: DeskOperator, input: OperatorMessage, clientId: string): Promise<StoredReply> {
    const claimKey = `${id}:${clientId}`;
    const claim = this.deps.replyClaims ? await this.deps.replyClaims.begin(claimKey) : { fresh: true as const };
    if (!claim.fresh) {
      if (claim.stored) return claim.stored;
      throw new KefuError('CONFLICT', '这条回复正在发送，请稍候。This reply is being sent.', 'wait a moment and refresh.');
    }
    let sent = false;
    try {
      let handoff = await this.get(id);
      if (handoff.status === 'waiting') handoff = await this.take(id, operator);
      if (handoff.status === 'closed') throw conflict(handoff);
      if (handoff.operator !== operator.name && operator.role !== 'admin') throw conflict(handoff);
      const check = await this.replyCheck(handoff);
      if (!check.ok) throw new KefuError('CONFLICT', check.note ?? '现在不能回复这位顾客。', 'wait until the shopper writes again.');
      const message = await buildOperatorMessage(input, handoff.userId, this.deps.commerce);
      const delivered = await this.send(handoff, message, `desk:${id}:${clientId}`);
      sent = true;
      const at = this.now();
      const logged = await this.deps.transcripts.recordOperatorMessage(
        handoff.conversation,
        handoff.userId,
        message,
        operator.name,
        new Date(at),
      );
      await this.deps.handoffs.noteOperatorReply(id, at);
      await Promise.all([
        this.deps.sessions.noteReply(handoff.conversation, at).catch(() => false),
        this.deps.conversation.noteHumanActivity(handoff.conversation).catch(() => false),
      ]);
      await this.deps.events.publish({ type: 'reply', id, operator: operator.name, at });
      const stored: StoredReply = {
        messageId: logged.id,
        at: logged.createdAt,
        text: logged.text ?? null,
        delivered,
        ...(check.note ? { note: check.note } : {}),
      };
      await this.deps.replyClaims?.finish(claimKey, stored);
      return stored;
    } catch (err) {
      // Nothing went out: the operator may try again with the same id. Once sent, the claim stays (never twice).
      if (!sent) await this.deps.replyClaims?.abandon(claimKey).catch(() => undefined);
      throw err;
    }
  }

  /** Who may take a transfer: enabled operators and admins, by name. */
  async transferTargets(): Promise<string[]> {
    return (await this.deps.operators())
      .filter((u) => !u.disabled && (u.role === 'operator' || u.role === 'admin'))
      .map((u) => u.name)
      .sort((a, b) => a.localeCompare(b));
  }

  async transfer(id: number, operator: DeskOperator, to: string): Promise<Handoff> {
    if (!(await this.transferTargets()).includes(to))
      throw new KefuError('BAD_INPUT', `没有可接收转接的客服 ${to}。No such operator.`, 'pick an operator from the list.');
    const moved = await this.deps.handoffs.transfer(id, to, operator.role === 'admin' ? undefined : operator.name, this.now());
    if (!moved) throw conflict(await this.get(id));
    await this.deps.events.publish({ type: 'transferred', id, operator: to, at: this.now() });
    return moved;
  }

  /** Close: the bot answers again; the shopper is told and, when `rate` and the flows have it, asked for a rating. */
  async close(id: number, operator: DeskOperator, options: { rate?: boolean } = {}): Promise<Handoff> {
    const current = await this.get(id);
    if (current.status === 'closed') {
      // A retry after a close that failed half-way: make sure the bot has the conversation back.
      if (current.closedBy === 'operator') await this.deps.conversation.release(current.conversation).catch(() => false);
      return current;
    }
    if (current.status === 'taken' && current.operator !== operator.name && operator.role !== 'admin') throw conflict(current);
    const at = this.now();
    const closed = await this.deps.handoffs.close(id, 'operator', at);
    if (!closed) return this.get(id);
    await this.deps.conversation.release(closed.conversation);
    await this.deps.transcripts.setMode(closed.conversation, 'bot', new Date(at)).catch(() => undefined);
    const text = this.deps.closingText();
    if (text && (await this.doorCheck(closed)).ok) {
      const message: OutboundMessage = { type: 'text', text, status: { state: 'bot', text: '智能客服在线' } };
      const sent = await this.send(closed, message, `desk:${id}:close`).catch((err: unknown) => {
        this.deps.logger.warn({ err, channel: closed.channel }, 'the closing line did not reach the shopper');
        return false;
      });
      if (sent)
        await this.deps.transcripts
          .recordOperatorMessage(closed.conversation, closed.userId, message, operator.name, new Date(at))
          .catch(() => undefined);
    }
    if (options.rate !== false && this.deps.askRating) {
      await this.deps
        .askRating(closed)
        .catch((err: unknown) => this.deps.logger.warn({ err, channel: closed.channel }, 'the rating question was not sent'));
    }
    await this.deps.events.publish({ type: 'closed', id, operator: operator.name, at });
    return closed;
  }

  private async get(id: number): Promise<Handoff> {
    const handoff = await this.deps.handoffs.byId(id);
    if (!handoff) throw new KefuError('NOT_FOUND', `没有编号为 ${id} 的转人工会话。No handoff ${id}.`, 'refresh the inbox.');
    return handoff;
  }

  private async replyCheck(handoff: Handoff): Promise<ReplyCheck> {
    if (handoff.status === 'closed') return { ok: false, note: '会话已结束。' };
    return this.doorCheck(handoff);
  }

  /** The door's own rules for one more message to this shopper now. */
  private async doorCheck(handoff: Handoff): Promise<ReplyCheck> {
    const adapter = this.deps.channels.get(handoff.channel);
    if (!adapter) return { ok: false, note: `渠道 ${handoff.channel} 没有运行，无法回复。` };
    if (await adapter.humanHasSession?.(handoff.ref).catch(() => false)) return { ok: false, note: HUMAN_SIDE_NOTE };
    const connected = adapter.isPresent?.(handoff.ref);
    return replyCheckOf(await this.deps.windows.checkChannel(handoff.userId, handoff.channel, this.now(), connected));
  }

  /**
   * Send through the door; true when delivered, false when kept for a web shopper who left. Refusals throw 409: the
   * window rules, and a door that skipped the message because a human on the platform has the session (微信客服).
   */
  private async send(handoff: Handoff, message: OutboundMessage, idempotencyKey: string): Promise<boolean> {
    let result: SendResult;
    try {
      result = await this.deps.channels.send(handoff.ref, message, { idempotencyKey });
    } catch (err) {
      if (err instanceof ChannelWindowError && err.reason !== 'no_consent') {
        await this.deps.windows.recordRefusal?.(handoff.channel, handoff.userId, err.reason).catch(() => undefined);
        throw new KefuError(
          'CONFLICT',
          replyCheckOf({ allowed: false, blocked: true, reason: err.reason }).note ?? err.message,
          'wait until the shopper writes again.',
        );
      }
      if (err instanceof KefuError && err.code === 'WEB_NOT_DELIVERED') return false;
      this.deps.logger.warn({ err, channel: handoff.channel }, 'operator reply not sent');
      throw new KefuError(
        'DEPENDENCY_UNAVAILABLE',
        `发送失败，请稍后重试。The ${handoff.channel} channel did not take the message.`,
        'retry; if it keeps failing, check the channel on the 渠道 page.',
      );
    }
    if (result.skipped === 'human_side') {
      throw new KefuError('CONFLICT', HUMAN_SIDE_NOTE, 'answer in WeCom, or end that session there first.');
    }
    if (!result.passive) await this.deps.windows.recordOutbound(handoff.channel, handoff.userId, this.now()).catch(() => undefined);
    return true;
  }

  private async recentOrders(userId: string): Promise<Order[]> {
    try {
      const orders = await this.deps.commerce.listOrders(userId);
      return [...orders].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')).slice(0, 5);
    } catch {
      return [];
    }
  }
}

function conflict(handoff: Handoff): KefuError {
  const why =
    handoff.status === 'closed'
      ? '这个会话已经结束了。'
      : handoff.operator
        ? `这个会话已被 ${handoff.operator} 接入。`
        : '这个会话的状态已变化，请刷新。';
  return new KefuError('CONFLICT', `${why}This conversation changed: refresh.`, 'refresh the inbox.');
}
