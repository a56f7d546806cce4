import type { CommerceGateway } from '../commerce/gateway';
import type { ConversationRef, InboundMessage, OutboundMessage } from '../core/message';
import type { UserProfile } from '../core/user';
import type { Recognition } from '../core/recognizer';
import type { ConversationState } from '../core/conversation-state';
import type { ServiceState } from '../core/service-status';
import type { ServiceContext } from './service/service-context';
import type { FlowSettings } from './types';

/** Shop facts available to templates as `shop.*`. */
export interface ShopInfo {
  name: string;
  timezone: string;
  [key: string]: string | number | boolean;
}

/**
 * Profile changes an action asks for (applied by the caller after the turn).
 * `tags` is the full new tag list or tags to add (merged with the existing ones);
 * `optedOut: true` stops proactive messages to the shopper.
 */
export interface UserPatch {
  tags?: string[];
  attributes?: Record<string, string | number | boolean>;
  /** Shopper asked not to be contacted proactively (退订). */
  optedOut?: boolean;
}

/**
 * The shopper's profile a turn sees (docs/profiles.md): `profile.tags` (and `user.tags`) are kefu's own tags plus the
 * catalogue's tags that hold now; `features.*` their behaviour features; `profile.service` their service history.
 */
export interface TurnProfile {
  tags: string[];
  /** Only the catalogue's tags (flows/profile-tags.yaml). */
  profileTags: string[];
  features: Record<string, unknown>;
  /** The service-history summary (names in src/profiles/service-history.ts). */
  service: object;
}

/** What an action gets besides its arguments. */
export interface ActionContext {
  user: UserProfile;
  ref: ConversationRef;
  slots: Readonly<Record<string, unknown>>;
  vars: Readonly<Record<string, unknown>>;
  commerce: CommerceGateway;
  shop: ShopInfo;
  now: number;
  /** Hand the conversation to a human operator after this turn (bot stays silent until released). */
  requestHandoff(reason: string): void;
  /** Update the shopper's profile (tags, attributes, opt-out) after this turn. */
  updateUser(patch: UserPatch): void;
  /** Service hours and human availability on this door now (as `service.*` in templates); absent outside the engine. */
  service?: ServiceContext;
  /** Show where the conversation stands (e.g. `ticket` after a message was left) on channels that can. */
  setStatus?(state: ServiceState): void;
  /** The flows' settings.yaml (e.g. `surveys.nps_every_days` for `survey.due`); absent outside the engine. */
  settings?: Readonly<FlowSettings>;
}

/**
 * An action step's implementation. Returns plain data stored as `vars.<as>`.
 * Throw to take the step's `on_error` path.
 */
export type ActionHandler = (args: Record<string, unknown>, ctx: ActionContext) => Promise<unknown>;

/** Registered action names → handlers (coupon.issue, product.recommend, …). */
export interface ActionRegistry {
  has(name: string): boolean;
  names(): string[];
  get(name: string): ActionHandler | undefined;
}

/** One turn into the flow engine. */
export interface TurnInput {
  message: InboundMessage;
  user: UserProfile;
  recognition: Recognition;
  state: ConversationState;
  now: number;
  /**
   * Start this flow instead of reading the message (outreach's `start:` triggers); the message is then an
   * `event` whose type and payload the flow's first steps see as `event`.
   */
  start?: string;
  /**
   * With {@link start}: do not start it when the conversation entered that flow within this many ms (an intent
   * prediction's start right after the shopper was served the same flow some other way: `recently_served`).
   */
  skipIfEnteredWithinMs?: number;
  /**
   * The outreach job's idempotency key of a proactive start: this turn's actions run at most once per key (a retry of
   * the job after its first reply failed gets their first results, so a coupon is issued once). Needs the engine's
   * `actionResults`.
   */
  actionKey?: string;
}

/** Why a flow asked for with {@link TurnInput.start} did not start. */
export type NotStartedReason = 'handoff' | 'not_interruptible' | 'already_active' | 'recently_served' | 'unknown_flow';

/** What the flow engine decided. */
export interface TurnOutput {
  replies: OutboundMessage[];
  state: ConversationState;
  /** Active flow/step after the turn (undefined when idle). */
  activeFlow?: string;
  activeStep?: string;
  /** The flow whose trigger won this turn, if one started. */
  startedFlow?: string;
  /** Handoff was requested this turn (state.mode is now 'handoff'). */
  handoff?: { reason: string };
  /** A handed-over conversation nobody wrote in for `handoff_idle_minutes` went back to the bot on this turn. */
  handoffExpired?: true;
  /** The turn was not understood (counts toward max_misunderstandings). */
  misunderstood: boolean;
  /** Profile changes requested by actions. */
  userPatch?: UserPatch;
  /** Set when {@link TurnInput.start} asked for a flow that did not start. */
  notStarted?: NotStartedReason;
}
