import type { Logger } from 'pino';
import type { InboundOutcome } from '../core/channel-adapter';
import { compose } from '../core/pipeline';
import { conversationKey, type InboundMessage } from '../core/message';
import type { ConversationStateStore } from '../core/state-store';
import type { UserDirectory } from '../core/user';
import type { Recognizer } from '../core/recognizer';
import { channelWindow, type InboundActivityRecorder } from './middleware/channel-window';
import { conversationLock } from './middleware/conversation-lock';
import { dedupe } from './middleware/dedupe';
import { deliver, type ReplyOutcomeRecorder } from './middleware/deliver';
import { flowTurn } from './middleware/flow-turn';
import { identify, type TurnIdentifier } from './middleware/identify';
import { lifecycle, type OrderHistoryRefresher } from './middleware/lifecycle';
import { recognize } from './middleware/recognize';
import { record } from './middleware/record';
import { sanitize } from './middleware/sanitize';
import { normalize } from './middleware/normalize';
import type { Normalizer } from '../nlu/normalize';
import type { ReplySender, TurnRecorder, TurnRunner } from './ports';
import { proactiveMessage, type ProactiveStart, type ProactiveStartResult } from './proactive-start';
import type { TurnContext, TurnResult } from './turn-context';

/** What the bot is made of. */
export interface BotDeps {
  store: ConversationStateStore;
  users: UserDirectory;
  recognizer: Recognizer;
  engine: TurnRunner;
  recorder: TurnRecorder;
  sender: ReplySender;
  logger: Logger;
  /** Longer texts are cut to this many characters. @defaultValue 2000 */
  maxMessageChars?: number;
  /** Seconds a handled message id (and its sent replies) is remembered for dedupe. @defaultValue 86400 */
  dedupeTtlSeconds?: number;
  /**
   * Seconds a running turn holds its message without renewing it: retries meanwhile are dropped; the turn renews it
   * every third of it while it runs, and once it lapses (the process died mid-turn) the message may run again. Keep
   * it below the durable inbox's `claimIdleMs`. @defaultValue 30
   */
  claimLeaseSeconds?: number;
  now?: () => number;
  /**
   * Who a turn belongs to beyond the channel id: verified shop customer ids and WeChat openids the shop knows
   * (src/identity). Unset: the channel identity alone.
   */
  identities?: TurnIdentifier;
  /** Records activity that opens a channel's send window (the outreach policy ledger). */
  activity?: InboundActivityRecorder;
  /** Records what windowed channels did with replies (quota used, refusals). */
  replyOutcomes?: ReplyOutcomeRecorder;
  /**
   * Normalises typed text before it is understood (pinyin, Traditional, full-width, misspellings:
   * src/nlu/normalize); the conversation log keeps what the shopper wrote. Unset: the text is understood as written.
   */
  normalize?: Normalizer;
  /** Freshens the shopper's order history from the shop after identify (OrderRefresher). Unset: the stored one. */
  lifecycle?: OrderHistoryRefresher;
}

/**
 * The channel-agnostic bot: one turn pipeline
 * (dedupe → lock+state → record → deliver → identify → lifecycle → channel window → sanitize → normalize → recognize → flows).
 *
 * @example
 * const bot = new Bot(deps);
 * await adapter.start((message) => bot.handle(message).then(() => undefined));
 */
export class Bot {
  private readonly run: (ctx: TurnContext) => Promise<void>;
  private readonly runProactive: (ctx: TurnContext) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: BotDeps) {
    this.now = deps.now ?? Date.now;
    const ttlSeconds = deps.dedupeTtlSeconds ?? 24 * 3600;
    this.run = compose<TurnContext>([
      dedupe(deps.store.claims, deps.logger, { ttlSeconds, leaseSeconds: deps.claimLeaseSeconds }),
      conversationLock(deps.store, this.now),
      record(deps.recorder, deps.logger, this.now),
      deliver(deps.sender, deps.logger, deps.replyOutcomes, { store: deps.store.claims, ttlSeconds }),
      identify(deps.users, deps.identities),
      ...(deps.lifecycle ? [lifecycle(deps.lifecycle)] : []),
      ...(deps.activity ? [channelWindow(deps.activity)] : []),
      sanitize(deps.maxMessageChars ?? 2000),
      ...(deps.normalize ? [normalize(deps.normalize, deps.logger)] : []),
      recognize(deps.recognizer),
      flowTurn(deps.engine, deps.users, this.now),
    ]);
    this.runProactive = compose<TurnContext>([
      conversationLock(deps.store, this.now),
      record(deps.recorder, deps.logger, this.now),
      deliver(deps.sender, deps.logger, deps.replyOutcomes),
      identify(deps.users, deps.identities),
      recognize(deps.recognizer),
      flowTurn(deps.engine, deps.users, this.now),
    ]);
  }

  /**
   * Start a flow because outreach asked (a trigger's `start:`): under the conversation's lock and with its
   * state, like a shopper's turn, so the shopper's answer continues the flow. Reply `i` goes out with the
   * idempotency key `<key>#<i>`; when the first one fails, the error is thrown and nothing is saved or logged. The
   * flow's actions run once per `<key>` (the engine's `actionResults`): the retry re-sends the reply, not the coupon.
   *
   * @example
   * await bot.startFlow({ ref, flowId: 'delivery_followup', event: { type: 'order_delivered', payload }, idempotencyKey: key });
   */
  async startFlow(request: ProactiveStart): Promise<ProactiveStartResult> {
    const { ref, flowId, idempotencyKey, skipIfEnteredWithinMs } = request;
    const ctx: TurnContext = {
      message: proactiveMessage(request, this.now()),
      ref,
      key: conversationKey(ref),
      startedAt: this.now(),
      replies: [],
      proactive: { flowId, idempotencyKey, ...(skipIfEnteredWithinMs !== undefined ? { skipIfEnteredWithinMs } : {}) },
    };
    await this.runProactive(ctx);
    const reason = ctx.output?.notStarted;
    return reason ? { started: false, reason } : { started: true, replies: ctx.replies.length };
  }

  /** Handle one inbound message end to end; resolves after the replies were sent. */
  async handle(message: InboundMessage): Promise<TurnResult> {
    const ctx: TurnContext = { message, ref: message.ref, key: conversationKey(message.ref), startedAt: this.now(), replies: [] };
    await this.run(ctx);
    const frame = ctx.state?.stack.at(-1);
    if (ctx.stopped && ctx.stopped !== 'duplicate')
      // duplicates are logged by the dedupe; ids only, never the shopper's text
      this.deps.logger.info({ channel: ctx.ref.channel, messageId: message.id, reason: ctx.stopped }, 'turn stopped early');
    this.deps.logger.debug(
      {
        conversation: ctx.key,
        intent: ctx.recognition?.top.name,
        flow: frame?.flowId,
        replies: ctx.replies.length,
        ms: this.now() - ctx.startedAt,
        stopped: ctx.stopped,
      },
      'turn handled',
    );
    return {
      replies: ctx.replies,
      activeFlow: frame?.flowId,
      activeStep: frame?.stepId,
      state: ctx.state,
      stopped: ctx.stopped,
      ...(ctx.runningElsewhere ? { runningElsewhere: true } : {}),
      recognition: ctx.recognition,
      userId: ctx.user?.id,
    };
  }

  /**
   * {@link handle} as an adapter's inbound handler: resolves to `running_elsewhere` when the message was not
   * run because another run holds it right now (a live turn in another process), so a durable inbox leaves its entry
   * to that run instead of acknowledging it.
   *
   * @example
   * await adapter.start((message) => bot.handleInbound(message));
   */
  async handleInbound(message: InboundMessage): Promise<InboundOutcome | undefined> {
    return (await this.handle(message)).runningElsewhere ? 'running_elsewhere' : undefined;
  }

  /**
   * A human operator wrote in a handed-over conversation: the idle time (`handoff_idle_minutes`) after which the bot
   * takes it back counts from now, so the bot never cuts into a live conversation with an operator. Returns false
   * when the conversation is not handed over (any more).
   */
  async noteHumanActivity(key: string): Promise<boolean> {
    return this.deps.store.withLock(key, async () => {
      const state = await this.deps.store.load(key);
      if (!state || state.mode !== 'handoff') return false;
      await this.deps.store.save(key, { ...state, updatedAt: this.now() });
      return true;
    });
  }

  /** Hand a conversation back to the bot after a human operator is done. */
  async release(key: string): Promise<boolean> {
    return this.deps.store.withLock(key, async () => {
      const state = await this.deps.store.load(key);
      if (!state || state.mode !== 'handoff') return false;
      await this.deps.store.save(key, { ...state, mode: 'bot', misunderstandings: 0, updatedAt: this.now() });
      return true;
    });
  }
}
