import type { ServiceHoursSettings } from './service/service-hours';
import type { RawPredictRule } from './schema/predict-schema';

/**
 * The flow file format (one YAML file per shopping stage in flows/) and the runtime state
 * of a conversation inside flows. This file is the contract between the loader, the
 * validators, the interpreter, the transcript-test runner and the flow authors.
 *
 * A flow file looks like:
 *
 * ```yaml
 * flow: new_customer            # id, unique across all files (snake_case)
 * title: 新人引导
 * description: 新客第一次进店：欢迎、了解需求、发新人券、引导下单
 * priority: 10                  # optional; higher wins when two triggers tie
 * triggers:
 *   - event: visit              # behaviour/platform event
 *     when: user.isNew          # optional guard (condition language)
 *   - intent: greeting          # intent from flows/intents.yaml
 *     threshold: 0.6            # per-flow confidence threshold (default 0.5)
 *     when: user.isNew
 *   - keywords: [新人, 新客]     # substring match, case-insensitive
 *   - regex: "第一次(来|买)"
 * steps:
 *   - id: welcome
 *     say: "{{ shop.name }}欢迎您～第一次来吗？送您一张新人券 🎁"
 *   - id: coupon
 *     action: coupon.issue
 *     args: { template: NEW_USER_20 }
 *     as: coupon                # result stored as vars.coupon
 *     on_error: sorry
 *   - id: show_coupon
 *     say: 新人券已放入您的账户
 *     card: { type: coupon, from: vars.coupon }
 *   - id: ask_category
 *     ask: 想先看看哪类商品呢？
 *     slot: category
 *     expect: choice
 *     options: [服饰, 美妆, 数码, 食品, 家居, 母婴]
 *     retry: 没太明白～点下面的按钮选一个就好
 *     max_attempts: 2
 *     on_fail: done
 *   - id: route
 *     branch:
 *       - if: slots.category == "服饰"
 *         then: apparel
 *       - else: recommend
 *   - id: apparel
 *     call: size_guide          # run another flow, come back here after it ends
 *   - id: recommend
 *     action: product.recommend
 *     args: { category: "{{ slots.category }}" }
 *     as: products
 *   - id: show
 *     say: 给您挑了几款热卖：
 *     card: { type: product, from: vars.products }
 *     next: done                # explicit next step (default: the step below)
 *   - id: sorry
 *     say: 抱歉，券暂时没发出去，稍后再试试～
 *   - id: done
 *     goto: order_guidance      # continue in another flow (no return)
 * ```
 *
 * Every step has exactly one *kind* key: `say`, `ask`, `branch`, `action`, `call`, `goto`, `end`.
 */

/** Roots available in templates (`{{ … }}`) and conditions. */
export const TEMPLATE_ROOTS = ['shop', 'user', 'slots', 'vars', 'entities', 'message', 'intent', 'event', 'focus', 'service', 'profile', 'features', 'conversation'] as const;

/** Entity/slot types an `ask` step may expect. */
export const SLOT_TYPES = [
  'text',
  'choice',
  'yes_no',
  'number',
  'quantity',
  'phone',
  'order_id',
  'size',
  'color',
  'date',
  'datetime',
  'price',
  'height',
  'weight',
  'product',
  'rating',
] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

/** A position in a source file, 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** A trigger that can start a flow. Exactly one of intent/keywords/regex/event is set. */
export interface TriggerDef {
  intent?: string;
  /** Minimum intent score to fire, 0..1 (default 0.5). */
  threshold?: number;
  keywords?: string[];
  regex?: string;
  event?: string;
  /** Guard condition; the trigger fires only when it is true. */
  when?: string;
  pos: SourcePos;
}

/** Shown as a card after the text of a `say` step. `from` is a path like `vars.products`; arrays give one card each. */
export interface CardDef {
  type: 'product' | 'coupon' | 'order';
  from: string;
}

interface StepBase {
  /** Step id, unique in the flow. Optional: defaults to `step-<index>` (1-based). */
  id: string;
  /** Next step id; default is the following step (or the end of the flow). */
  next?: string;
  pos: SourcePos;
}

/** Send a text (template), optionally with quick replies and a card. A list sends several messages. */
export interface SayStep extends StepBase {
  kind: 'say';
  /** The text; with `variants`, the control's (first variant's) text, for readers that need one text. */
  say: string | string[];
  quick_replies?: string[];
  card?: CardDef;
  /** A/B variants of the message (`say: { variants: [...] }`), chosen per shopper by the flow's experiment. */
  variants?: SayVariant[];
}

/** One A/B variant of a `say` step. */
export interface SayVariant {
  id: string;
  weight: number;
  say: string | string[];
  quick_replies?: string[];
  pos: SourcePos;
}

/** `variants:` — continue with the step of the shopper's variant (an A/B split of the way through the flow). */
export interface VariantsStep extends StepBase {
  kind: 'variants';
  variants: { id: string; weight: number; next: string; pos: SourcePos }[];
}

/** The `experiment:` block of a flow file (docs/studio.md 实验). */
export interface ExperimentDef {
  id: string;
  title: string;
  status: 'running' | 'stopped';
  metric: 'conversion' | 'csat' | 'resolution';
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Days after a shopper's exposure that count for the results (default 7). */
  windowDays: number;
  /** The promoted variant, once there is one. */
  winner?: string;
  pos: SourcePos;
}

/** Ask for a slot, validate, re-ask, give up after max_attempts. Skipped if the slot is already filled. */
export interface AskStep extends StepBase {
  kind: 'ask';
  ask: string;
  slot: string;
  /** default `text` */
  expect: SlotType;
  /** For `choice`: allowed answers, also shown as quick replies. */
  options?: string[];
  /** For `choice` without `options`: where the answers are, e.g. `vars.pick.choices` (strings or `{ title, value }`). */
  options_from?: string;
  /** Extra condition the value must meet, e.g. `value >= 1 and value <= 10`. */
  validate?: string;
  /** Re-ask text (template). */
  retry?: string;
  /** default 2 */
  max_attempts: number;
  /** Step id to go to after max_attempts failures; default: fallback (clarify/handoff). */
  on_fail?: string;
}

export interface BranchCase {
  if?: string;
  then: string;
  /** true for the `else` case */
  isElse: boolean;
  pos: SourcePos;
}

/** Go to the first case whose condition is true; the last case must be `else`. */
export interface BranchStep extends StepBase {
  kind: 'branch';
  branch: BranchCase[];
}

/** Run a registered action (coupon.issue, product.recommend, order.lookup, logistics.track, handoff.human, …). */
export interface ActionStep extends StepBase {
  kind: 'action';
  action: string;
  /** Values are templates rendered before the call. */
  args: Record<string, string | number | boolean>;
  /** Store the result as `vars.<as>`. */
  as?: string;
  /** Step to go to if the action fails; default: say a generic apology and end the flow. */
  on_error?: string;
}

/** Run another flow and come back to the next step after it ends. */
export interface CallStep extends StepBase {
  kind: 'call';
  call: string;
}

/** Continue in another flow; this flow ends. */
export interface GotoStep extends StepBase {
  kind: 'goto';
  goto: string;
}

/** End this flow (optionally saying something first). */
export interface EndStep extends StepBase {
  kind: 'end';
  end: true | string;
  /**
   * The flow has solved the shopper's request: when nothing else is under way, the satisfaction question
   * (settings `surveys.flow`) follows the reply, at most once per service session (src/flows/runtime/ask-rating.ts).
   */
  ask_rating?: boolean;
}

export type StepDef = SayStep | AskStep | BranchStep | ActionStep | CallStep | GotoStep | EndStep | VariantsStep;
export type StepKind = StepDef['kind'];

/** One `predict:` rule of a flow file as written, with the position of its `- id:` line. */
export type PredictDef = RawPredictRule & { pos: SourcePos };

/** One parsed flow file. */
export interface FlowDef {
  id: string;
  title: string;
  description?: string;
  priority: number;
  /** Whether another flow's trigger may interrupt this one mid-way (default true). */
  interruptible: boolean;
  /**
   * What happens to the flow this one interrupted once this one ends: `resume` (default) brings it back (announced
   * when the interruption was answered at once, asked when it took longer); `close` drops it (thanks, complaints,
   * handoff, unsubscribe: the shopper has moved on).
   */
  digression: 'resume' | 'close';
  /** Greetings and thanks: in a message with several requests they give way to the real requests. */
  small_talk: boolean;
  /**
   * Whether the flow comes back after another request interrupted it (default true). `false` for questions the
   * shopper may skip by asking something else (the satisfaction survey): it is dropped, never asked again.
   */
  resumable: boolean;
  /**
   * Flows that count as part of this one when they interrupt it (`related:`, default none): answered in the same turn,
   * without switching to another product than the one in focus, they bring this flow back at once, announced
   * ("好的～我们接着刚才的继续：…"). Any other finished interruption ends with "还需要继续吗？" (runtime/related-interruption.ts).
   */
  related: string[];
  triggers: TriggerDef[];
  steps: StepDef[];
  /** Proactive triggers (outreach); the shape is owned by src/outreach. */
  proactive?: unknown[];
  /** The flow's A/B experiment over its `variants` (docs/studio.md 实验). */
  experiment?: ExperimentDef;
  /** Intent-prediction rules (`predict:`, docs/outreach.md), each with its position. */
  predict?: PredictDef[];
  file: string;
  pos: SourcePos;
}

/**
 * One intent in flows/intents.yaml. The file accepts either a list or a map under `intents:`:
 *
 * ```yaml
 * intents:
 *   - name: greeting
 *     description: 打招呼
 *     examples: [你好, 在吗]
 *   # or, equivalently, the map form:
 *   # greeting: { description: 打招呼, examples: [你好, 在吗] }
 * ```
 */
export interface IntentDef {
  name: string;
  description: string;
  examples: string[];
  pos: SourcePos;
}

/**
 * Global settings in flows/settings.yaml (every key optional; defaults in
 * `DEFAULT_FLOW_SETTINGS` of src/flows/load/settings-defaults.ts):
 *
 * ```yaml
 * default_threshold: 0.5
 * clarify_margin: 0.1
 * clarify_floor: 0.35
 * answer_interrupt_threshold: 0.85
 * max_misunderstandings: 2
 * handoff_flow: human_handoff
 * service_hours: { days: 周一至周日, open: '09:00', close: '22:00', timezone: Asia/Shanghai }
 * human_doors: { web: false, cli: false }
 * handoff_idle_minutes: 30
 * ticket_reply_minutes: 120
 * texts:
 *   not_understood: 抱歉亲，我没太明白您的意思～可以换个说法吗？
 *   clarify: 亲，您是想咨询哪一项呢？
 *   action_failed: 抱歉，系统开小差了，请稍后再试～
 *   resume: 好的～我们接着刚才的继续：
 * ```
 */
export interface FlowSettings {
  /** Default intent threshold when a trigger gives none. */
  default_threshold: number;
  /** If the two best intents are within this margin (and both above `clarify_floor`), ask which one. */
  clarify_margin: number;
  clarify_floor: number;
  /**
   * While a flow waits for a free-text answer (`expect: text`), another flow's intent trigger takes over only at this
   * score or more (keywords and regex always do): an answer such as 包装有点简陋 reads a little like an after-sales
   * request, but the shopper is answering.
   */
  answer_interrupt_threshold: number;
  /** Misunderstandings in a row before handing off to a human. */
  max_misunderstandings: number;
  /** Flow started when handing off (must exist). */
  handoff_flow: string;
  /** When human operators work (flows see `service.open`, `service.hours`, `service.opensAt`). */
  service_hours: ServiceHoursSettings;
  /**
   * Which doors (channel adapter names) have human operators and where: `console` (kefu's agent inbox), `true` (the
   * platform's own desk), `false` (none), e.g. `{ web: console, wecom-kf: true }`; a door not listed goes to the
   * platform's desk. Flows see `service.humansOnDoor` and `service.humanReachable`.
   */
  human_doors: Record<string, boolean | 'console'>;
  /** Minutes without a message after which a handed-over conversation goes back to the bot (0: never). */
  handoff_idle_minutes: number;
  /** Service-time minutes within which staff answer a message left with `ticket.create` (`service.ticketDue`). */
  ticket_reply_minutes: number;
  /** Satisfaction questions (docs/kpis.md): the flow `ask_rating` end steps start, and how often NPS may be asked. */
  surveys: SurveySettings;
  /** Templates for fallback texts. */
  texts: {
    not_understood: string;
    clarify: string;
    action_failed: string;
    /** Said when the bot takes over a handed-over conversation nobody answered (handoff_idle_minutes). */
    handoff_expired: string;
    /** Said when an operator closes a handed-over conversation in the console and the bot answers again. */
    handoff_closed: string;
    /** Said before the question of a flow that comes back after a quick interruption. */
    resume: string;
    /** Asked when it is unsure whether the shopper still wants an interrupted flow (`{{ flow }}` = its title). */
    resume_offer: string;
    /** Said when the shopper does not want to go back. */
    resume_declined: string;
    /** Said when one message holds several requests (`{{ first }}`, `{{ rest }}` = flow titles). */
    queue: string;
    /** Said before a waiting request starts in a later turn (`{{ flow }}` = its title). */
    queue_next: string;
  };
}

/** `surveys:` in flows/settings.yaml. */
export interface SurveySettings {
  /** The flow that asks for a CSAT rating after an `ask_rating` end step (and that the inbox starts after a handoff). */
  flow: string;
  /** `survey.due { kind: nps }` says yes at most once per shopper in this many days. */
  nps_every_days: number;
}

/** All flows, intents and settings loaded from a directory. */
export interface FlowBundle {
  flows: Map<string, FlowDef>;
  intents: Map<string, IntentDef>;
  settings: FlowSettings;
  /** Directory they came from. */
  dir: string;
  /** Monotonic version, incremented on every successful (re)load. */
  version: number;
}
