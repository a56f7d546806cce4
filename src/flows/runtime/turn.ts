import type { CommerceGateway } from '../../commerce/gateway';
import type { OutboundMessage } from '../../core/message';
import type { Entity } from '../../core/recognizer';
import type { ActionRegistry, ShopInfo, TurnInput, UserPatch } from '../engine-types';
import type { StepRegistry } from '../steps/registry';
import type { UnusedParts } from './message-parts';
import type { FlowBundle } from '../types';
import type { ConversationState, FlowFrame } from '../../core/conversation-state';

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
  startedFlow?: string;
  handoff?: { reason: string };
  userPatch?: UserPatch;
  misunderstood: boolean;
}

/** The active (top) frame, if any. */
export function activeFrame(turn: Turn): FlowFrame | undefined {
  return turn.state.stack[turn.state.stack.length - 1];
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
