import type { CommerceGateway } from '../commerce/gateway';
import { turnCommerce } from './runtime/turn-commerce';
import type { Entity, Recognition } from '../core/recognizer';
import type { ActionRegistry, ShopInfo, TurnInput, TurnOutput, TurnProfile } from './engine-types';
import type { UserProfile } from '../core/user';
import { answerAsk } from './runtime/answer';
import { buildContext } from './runtime/context';
import { allUnused } from './runtime/message-parts';
import { answerClarification, fallback } from './runtime/fallback';
import { flowOf, suspendStack } from './runtime/frames';
import { selectFlow } from './runtime/select-trigger';
import { startRequested } from './runtime/start';
import { answerResumeOffer, forgetPendingQuestions } from './runtime/resume-offer';
import { focusFromMessage, focusFromReplies } from './runtime/focus';
import { keepProductButtons } from './runtime/product-buttons';
import { startProactively } from './runtime/proactive-start';
import { resumeIdleHandoff } from './runtime/handoff-expiry';
import { askRatingIfDue, forgetRatingOfLastSession } from './runtime/ask-rating';
import { doorDesk, type OperatorAvailability } from './service/operator-availability';
import { annotateStatus, prepareService } from './service/turn-status';
import { activeFrame, applyLead, type EngineLogger, type Turn } from './runtime/turn';
import { createStepRegistry, type StepRegistry } from './steps';
import type { FlowBundle } from './types';
import type { ConversationState } from '../core/conversation-state';
import type { OutboundMessage } from '../core/message';
import type { ExposureNote } from './runtime/variant-choice';
import type { ActionResults } from './action-results';

/** Options of {@link FlowEngine}. */
export interface FlowEngineOptions {
  /** The current bundle (a function, so hot reload can swap it). */
  bundle: () => FlowBundle;
  actions: ActionRegistry;
  commerce: CommerceGateway;
  shop: ShopInfo;
  /** Used when the recognition carries no entities. */
  extractEntities?(text: string): Entity[];
  /**
   * Recognises one part of a message, for messages with several requests ("查下物流，顺便开个发票"); without it those
   * parts are matched by keyword and regex triggers only.
   */
  recognize?(text: string): Promise<Recognition>;
  /**
   * Whether a human can answer on a door now (`service.humanReachable`). @defaultValue settings.yaml's
   * `human_doors` within its `service_hours`
   */
  availability?: OperatorAvailability;
  /** Step kinds; default: the seven built-in kinds. */
  steps?: StepRegistry;
  logger?: EngineLogger;
  /** Loop guard. @defaultValue 50 */
  maxStepsPerTurn?: number;
  /**
   * The shopper's profile tags and features for `profile.*`, `features.*` and `user.tags` (ProfileTags, docs/profiles.md);
   * a failure is logged and the turn goes on with kefu's own tags.
   */
  profile?(user: UserProfile, now: number): Promise<TurnProfile | undefined>;
  /** Told when a shopper sees a variant of a running A/B experiment (docs/studio.md 实验); records exposures. */
  onExposure?(note: ExposureNote): void;
  /** Keeps the results of a proactive start's actions so the outreach job's retry does not run them again (`TurnInput.actionKey`). */
  actionResults?: ActionResults;
}

const silentLogger: EngineLogger = { error: () => undefined };

/**
 * The flow interpreter: one call per inbound message (or per proactive start, `input.start`). Pure with
 * respect to state: it takes the conversation state in and returns the new state (the caller stores it).
 *
 * @example
 * const engine = new FlowEngine({ bundle: () => bundle, actions, commerce, shop });
 * const out = await engine.runTurn({ message, user, recognition, state, now: Date.now() });
 * out.replies; // OutboundMessage[]
 */
export class FlowEngine {
  private readonly steps: StepRegistry;

  constructor(private readonly options: FlowEngineOptions) {
    this.steps = options.steps ?? createStepRegistry();
  }

  async runTurn(input: TurnInput): Promise<TurnOutput> {
    const state = structuredClone(input.state) as ConversationState;
    const resumed = resumeIdleHandoff(state, input, this.options.bundle().settings); // nobody answered: the bot is back
    if (state.mode === 'handoff') return { replies: [], state, misunderstood: false, ...(input.start !== undefined ? { notStarted: 'handoff' as const } : {}) };
    state.turn += 1;
    forgetRatingOfLastSession(state, input.now);
    state.updatedAt = input.now;
    const turn = this.newTurn(input, state);
    await prepareService(turn, resumed, this.options.availability);
    turn.profile = await this.profileOf(input);
    let notStarted;
    if (input.start !== undefined) notStarted = await startProactively(turn, input.start, input.skipIfEnteredWithinMs);
    else if (input.message.kind === 'event') await this.onEvent(turn);
    else await this.onText(turn);
    await askRatingIfDue(turn); // a solved request: "请您对本次服务打个分吧" (at most once per service session)
    const output = this.finish(turn);
    if (resumed) output.handoffExpired = true;
    return notStarted ? { ...output, notStarted } : output;
  }

  private async profileOf(input: TurnInput): Promise<TurnProfile | undefined> {
    if (!this.options.profile) return undefined;
    try {
      return await this.options.profile(input.user, input.now);
    } catch (err) {
      this.options.logger?.warn?.({ err, userId: input.user.id }, 'profile tags not read: the turn sees kefu\'s own tags only');
      return undefined;
    }
  }

  private newTurn(input: TurnInput, state: ConversationState): Turn {
    const text = (input.message.text ?? input.message.postback ?? '').trim();
    const entities = input.recognition.entities.length ? input.recognition.entities : text ? (this.options.extractEntities?.(text) ?? []) : [];
    const o = this.options;
    const services = {
      actions: o.actions,
      commerce: turnCommerce(o.commerce),
      shop: o.shop,
      steps: this.steps,
      logger: o.logger ?? silentLogger,
      maxStepsPerTurn: o.maxStepsPerTurn ?? 50,
      ...(o.recognize ? { recognize: o.recognize } : {}),
      ...(o.extractEntities ? { extractEntities: o.extractEntities } : {}),
      ...(o.onExposure ? { onExposure: o.onExposure } : {}),
      ...(o.actionResults ? { actionResults: o.actionResults } : {}),
    };
    return { input, bundle: o.bundle(), services, state, text, entities, unused: allUnused(text, entities), replies: [], fresh: new Set(), steps: 0, misunderstood: false };
  }

  private async onEvent(turn: Turn): Promise<void> {
    const type = turn.input.message.event?.type;
    if (!type) return;
    const match = selectFlow(turn.bundle, { event: type, recognition: turn.input.recognition, ctx: buildContext(turn) });
    if (!match) return;
    const frame = activeFrame(turn);
    if (frame) {
      if (!flowOf(turn, frame)?.interruptible || frame.flowId === match.flow.id) return;
      suspendStack(turn);
    }
    forgetPendingQuestions(turn);
    await startRequested(turn, match);
  }

  private async onText(turn: Turn): Promise<void> {
    await focusFromMessage(turn);
    if (await answerClarification(turn)) return this.understood(turn);
    if (await answerResumeOffer(turn)) return this.understood(turn);
    const frame = activeFrame(turn);
    const flow = frame && flowOf(turn, frame);
    const step = flow?.steps.find((s) => s.id === frame?.stepId);
    if (frame && step?.kind === 'ask' && frame.awaiting) {
      await answerAsk(turn, frame, step);
      return this.understood(turn);
    }
    if (frame) turn.state.stack = []; // a stale frame (flow edited away): start over
    const match = selectFlow(turn.bundle, { text: turn.text, recognition: turn.input.recognition, ctx: buildContext(turn) });
    if (await startRequested(turn, match)) return this.understood(turn);
    await fallback(turn);
    this.understood(turn);
  }

  private understood(turn: Turn): void {
    if (!turn.misunderstood) turn.state.misunderstandings = 0;
  }

  private finish(turn: Turn): TurnOutput {
    const { state } = turn;
    applyLead(turn);
    keepProductButtons(turn.replies);
    focusFromReplies(turn);
    // Nothing active: the shopper has moved on from anything still suspended or queued (a withdrawn or failed flow).
    if (state.stack.length === 0) {
      state.suspended = [];
      delete state.queue;
    }
    if (turn.handoff) {
      // A door answered in kefu's own console keeps the conversation here: the notice stays a text, never a platform transfer.
      if (doorDesk(turn.bundle.settings.human_doors, turn.input.message.ref.channel) === 'console') noteConsoleHandoff(turn.replies);
      else markHandoff(turn.replies, turn.handoff.reason);
      state.mode = 'handoff';
      state.handoffAt = turn.input.now;
      state.stack = [];
      state.suspended = [];
      state.misunderstandings = 0;
      delete state.clarifying;
      delete state.queue;
      delete state.resumeOffer;
    }
    annotateStatus(turn);
    const top = activeFrame(turn);
    const out: TurnOutput = { replies: turn.replies, state, misunderstood: turn.misunderstood };
    if (top) [out.activeFlow, out.activeStep] = [top.flowId, top.stepId];
    if (turn.startedFlow) out.startedFlow = turn.startedFlow;
    if (turn.handoff) out.handoff = turn.handoff;
    if (turn.userPatch) out.userPatch = turn.userPatch;
    return out;
  }
}

/** A handoff to kefu's console: the bot says it is fetching a human (the last text reply, or a default notice). */
function noteConsoleHandoff(replies: OutboundMessage[]): void {
  const last = replies.at(-1);
  if (last?.type === 'text' || last?.type === 'quick_replies') return;
  replies.push({ type: 'text', text: '正在为您转接人工客服，请稍等片刻～' });
}

/**
 * A turn that hands off tells the channel so: its last text reply (the flow's notice) becomes a `handoff`
 * message, which WeChat doors turn into transfer_customer_service / a 微信客服 service_state change and
 * others show as text. Without a text reply a default notice is added.
 */
function markHandoff(replies: OutboundMessage[], reason: string): void {
  if (replies.some((r) => r.type === 'handoff')) return;
  const last = replies.length - 1;
  const notice = replies[last];
  if (notice?.type === 'text') replies[last] = { type: 'handoff', text: notice.text, reason };
  else replies.push({ type: 'handoff', text: '正在为您转接人工客服，请稍等片刻～', reason });
}
