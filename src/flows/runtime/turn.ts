import type { CommerceGateway } from '../../commerce/gateway';
import type { OutboundMessage } from '../../core/message';
import type { ServiceState } from '../../core/service-status';
import type { ServiceContext } from '../service/service-context';
import type { Entity, Recognition } from '../../core/recognizer';
import type { ActionRegistry, ShopInfo, TurnInput, TurnProfile, UserPatch } from '../engine-types';
import type { StepRegistry } from '../steps/registry';
import type { UnusedParts } from './message-parts';
import type { FlowBundle } from '../types';
import type { ConversationState, FlowFrame } from '../../core/conversation-state';
import type { ExposureNote } from './variant-choice';
import type { ActionResults } from '../action-results';

/** A minimal logger (pino-compatible) for engine problems. */
export interface EngineLogger {
  error(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

/** Services a turn needs, fixed for the engine's life. */
export interface EngineServices {
  actions: ActionRegistry;
  commerce: CommerceGateway;
  shop: ShopInfo;
  steps: StepRegistry;
  logger: EngineLogger;
  maxStepsPerTurn: number;
  /** Recognises one part of a message (several requests in one message); absent: keyword and regex triggers only. */
  recognize?(text: string): Promise<Recognition>;
  /** Entities of a text when no recognition gives them. */
  extractEntities?(text: string): Entity[];
  /** A shopper saw a variant of a running A/B experiment (runtime/variant-choice.ts); the caller records it. */
  onExposure?(note: ExposureNote): void;
  /** Where the actions of a keyed turn (`input.actionKey`) keep their results (runtime/action-once.ts). */
  actionResults?: ActionResults;
}

/** Everything one turn works on; mutated as steps run, turned into a TurnOutput at the end. */
export interface Turn {
  input: TurnInput;
  bundle: FlowBundle;
  services: EngineServices;
  state: ConversationState;
  /** The shopper's text (text / postback title / payload), '' for events. */
  text: string;
  entities: Entity[];
  /** What of the message no slot has taken yet (pre-filling uses only this). */
  unused: UnusedParts;
  replies: OutboundMessage[];
  /** Frames started during this turn: their asks may be pre-filled from this message. */
  fresh: Set<FlowFrame>;
  steps: number;
  /** Actions run so far in this turn (numbers them for `input.actionKey`). */
  actionRuns?: number;
  startedFlow?: string;
  handoff?: { reason: string };
  userPatch?: UserPatch;
  misunderstood: boolean;
  /** Service hours and whether a human can answer on this door now (`service.*` in templates). */
  service?: ServiceContext;
  /** The shopper's profile tags and features (`profile.*`, `features.*`), when the engine has a profile source. */
  profile?: TurnProfile;
  /** Where the conversation stands after this turn, shown by channels that can (set by actions, handoff, idle return). */
  status?: ServiceState;
  /** An `ask_rating` end step ran: the satisfaction question may follow (runtime/ask-rating.ts). */
  askRating?: boolean;
  /** Texts said just before the reply at index `at` (merged into it, so its quick replies stay): resume and queue notes. */
  leads?: { text: string; at: number }[];
  /** The latest interruption of this turn (runtime/related-interruption.ts decides from it how the interrupted flow comes back). */
  suspension?: Suspension;
  /** A product the text named while another was in focus: focused after the turn (runtime/focus.ts). */
  namedLater?: { id: string; title: string };
}

/** What the conversation looked like when an interruption suspended the active flow during this turn. */
export interface Suspension {
  /** The product in focus then (`state.focus.id`), if any. */
  focusId?: string;
  /** How many replies the turn had then: replies from this index on came from the interruption. */
  replyIndex: number;
  /** The shopper answered the suspended flow's question in this same message and added another request. */
  answered: boolean;
}

/** The active (top) frame, if any. */
export function activeFrame(turn: Turn): FlowFrame | undefined {
  return turn.state.stack[turn.state.stack.length - 1];
}

/** Says `text` in front of the next reply of this turn (merged into it at the end of the turn). */
export function sayBefore(turn: Turn, text: string): void {
  if (text.trim()) (turn.leads ??= []).push({ text, at: turn.replies.length });
}

/**
 * Merges each pending lead text into the reply it precedes (or adds it as a text when that reply is a card or
 * nothing follows). Several leads before the same reply are said in order.
 */
export function applyLead(turn: Turn): void {
  const leads = turn.leads ?? [];
  delete turn.leads;
  const byAt = new Map<number, string>();
  for (const l of leads) byAt.set(l.at, (byAt.get(l.at) ?? '') + l.text);
  for (const at of [...byAt.keys()].sort((x, y) => y - x)) {
    const text = byAt.get(at)!;
    const target = turn.replies[at];
    if (target && (target.type === 'text' || target.type === 'quick_replies' || target.type === 'handoff')) {
      turn.replies[at] = { ...target, text: target.text ? `${text}${target.text}` : text };
    } else turn.replies.splice(at, 0, { type: 'text', text });
  }
}

/** Adds a text reply (skips empty texts). */
export function sayText(turn: Turn, text: string): void {
  if (text.trim()) turn.replies.push({ type: 'text', text });
}

/** Merges a profile patch requested by an action into the turn's patch. */
export function mergeUserPatch(turn: Turn, patch: UserPatch): void {
  const cur = turn.userPatch ?? {};
  const tags = patch.tags ? [...new Set([...(cur.tags ?? []), ...patch.tags])] : cur.tags;
  const attributes = patch.attributes ? { ...cur.attributes, ...patch.attributes } : cur.attributes;
  const optedOut = patch.optedOut ?? cur.optedOut;
  turn.userPatch = { ...(tags ? { tags } : {}), ...(attributes ? { attributes } : {}), ...(optedOut !== undefined ? { optedOut } : {}) };
}
