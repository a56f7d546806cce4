import { z } from 'zod';
import { SLOT_TYPES } from '../types';
import { predictRuleSchema } from './predict-schema';
import { experimentSchema, nextVariantSchema, sayVariantsSchema } from './experiment-schema';

/**
 * Structural (phase 1) zod schemas for flow files, intents.yaml and settings.yaml.
 * Every object is strict (unknown keys are rejected) and each step kind is its own branch.
 * The same schemas produce flows/flow.schema.json (see json-schema.ts).
 */

/** The kind keys of a step, in the order of the step union's branches. */
export const STEP_KIND_KEYS = ['say', 'ask', 'branch', 'action', 'call', 'goto', 'end', 'variants'] as const;
/** The kind keys of a trigger, in the order of the trigger union's branches. */
export const TRIGGER_KIND_KEYS = ['intent', 'keywords', 'regex', 'event'] as const;
/** The kind keys of a branch case, in the order of the case union's branches. */
export const CASE_KIND_KEYS = ['if', 'else'] as const;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case (a-z, 0-9, _), starting with a letter');
const text = z.string().min(1);
const when = { when: text.optional().describe('Guard condition, e.g. user.isNew') };

const intentTrigger = z.strictObject({
  intent: id.describe('Intent name from flows/intents.yaml'),
  threshold: z.number().optional().describe('Minimum score 0..1 (default settings.default_threshold)'),
  ...when,
});
const keywordsTrigger = z.strictObject({ keywords: z.array(text).min(1), ...when });
const regexTrigger = z.strictObject({ regex: text, ...when });
const eventTrigger = z.strictObject({ event: text.describe('visit, order_created, …'), ...when });
/** One trigger: exactly one of intent/keywords/regex/event. */
export const triggerSchema = z.union([intentTrigger, keywordsTrigger, regexTrigger, eventTrigger]);

const base = {
  id: id.optional().describe('Step id, unique in the flow (default step-<n>)'),
  next: id.optional().describe('Next step id (default: the step below)'),
};
const cardSchema = z.strictObject({ type: z.enum(['product', 'coupon', 'order']), from: text });

const sayStep = z.strictObject({
  ...base,
  say: z.union([text, z.array(text).min(1), sayVariantsSchema.describe('A/B variants of the message (needs an experiment: block)')]),
  quick_replies: z.array(text).optional(),
  card: cardSchema.optional(),
});
const askStep = z.strictObject({
  ...base,
  ask: text,
  slot: id,
  expect: z.enum(SLOT_TYPES).optional(),
  options: z.array(text).min(1).optional(),
  options_from: text.optional().describe('For expect: choice without options: where the answers are, e.g. vars.pick.choices (strings or { title, value })'),
  validate: text.optional(),
  retry: text.optional(),
  max_attempts: z.number().int().min(1).max(10).optional(),
  on_fail: id.optional(),
});
const ifCase = z.strictObject({ if: text, then: id });
const elseCase = z.strictObject({ else: id });
const branchStep = z.strictObject({ ...base, branch: z.array(z.union([ifCase, elseCase])).min(1) });
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const actionStep = z.strictObject({
  ...base,
  action: text.describe('Registered action, e.g. coupon.issue'),
  args: z.record(z.string(), scalar).optional(),
  as: id.optional(),
  on_error: id.optional(),
});
const callStep = z.strictObject({ ...base, call: id });
const gotoStep = z.strictObject({ ...base, goto: id });
const endStep = z.strictObject({
  ...base,
  end: z.union([z.literal(true), text]),
  ask_rating: z.boolean().optional().describe('The request was solved: ask for a satisfaction rating next (once per service session)'),
});

/** `variants:` — an A/B split into alternative next steps (needs an experiment: block, docs/studio.md). */
const variantsStep = z.strictObject({ id: base.id, variants: z.array(nextVariantSchema).min(2) });

/** One step: exactly one of say/ask/branch/action/call/goto/end/variants. */
export const stepSchema = z.union([sayStep, askStep, branchStep, actionStep, callStep, gotoStep, endStep, variantsStep]);

/** A flow file (flows/<name>.yaml). */
export const flowFileSchema = z
  .strictObject({
    flow: id.describe('Flow id, unique across files'),
    title: text,
    description: z.string().optional(),
    stage: z.enum(['售前', '下单', '售后', '营销', '服务']).optional().describe('Shopping stage the studio (工作室) groups the flow under'),
    priority: z.number().optional(),
    interruptible: z.boolean().optional(),
    digression: z.enum(['resume', 'close']).optional().describe('After this flow ends: resume the flow it interrupted (default) or close it'),
    small_talk: z.boolean().optional().describe('Greetings/thanks: give way to real requests in a message with several'),
    resumable: z.boolean().optional().describe('false: when another request interrupts this flow, drop it instead of bringing it back (surveys)'),
    related: z
      .array(id)
      .optional()
      .describe('Flows whose one-turn interruption (about the same product in focus) brings this flow back at once, announced; other interruptions end with "还需要继续吗？"'),
    triggers: z.array(triggerSchema).optional(),
    steps: z.array(stepSchema).min(1),
    proactive: z.array(z.unknown()).optional(),
    experiment: experimentSchema.optional().describe('An A/B experiment over the variants of this flow (docs/studio.md)'),
    predict: z.array(predictRuleSchema).optional().describe('Intent prediction: start a flow when the shopper\'s behaviour matches'),
  })
  .describe('A kefu flow file');

const intentBody = z.strictObject({ description: z.string().optional(), examples: z.array(text).optional() });
const intentItem = z.strictObject({ name: id, description: z.string().optional(), examples: z.array(text).optional() });
/** flows/intents.yaml: a list or a map of intents under `intents:`. */
export const intentsFileSchema = z.strictObject({
  intents: z.union([z.array(intentItem), z.record(z.string(), intentBody.nullable())]),
});

/** flows/settings.yaml: every key optional. */
export const settingsFileSchema = z.strictObject({
  default_threshold: z.number().optional(),
  clarify_margin: z.number().optional(),
  clarify_floor: z.number().optional(),
  answer_interrupt_threshold: z.number().optional(),
  max_misunderstandings: z.number().int().min(1).optional(),
  handoff_flow: id.optional(),
  service_hours: z
    .strictObject({
      days: text.optional().describe('Service days: 每天, 周一至周日, 周一至周五, 周一、周三、周五 …'),
      open: text.optional().describe("Opening time, e.g. '09:00'"),
      close: text.optional().describe("Closing time, e.g. '22:00' (24:00 for midnight; earlier than open: the next day)"),
      timezone: text.optional().describe('IANA time zone, e.g. Asia/Shanghai (default: the shop time zone)'),
    })
    .optional()
    .describe('When human operators work'),
  human_doors: z
    .record(z.string(), z.union([z.boolean(), z.literal('console')]))
    .optional()
    .describe("Doors (channel names) and who answers their handoffs: 'console' (kefu's agent inbox), true (the platform's desk), false (none)"),
  handoff_idle_minutes: z.number().int().min(0).optional().describe('Minutes without messages after which a handoff goes back to the bot (0: never)'),
  ticket_reply_minutes: z.number().int().min(1).optional().describe('Service-time minutes within which staff answer a message left'),
  surveys: z
    .strictObject({
      flow: id.optional().describe('Flow that asks for a satisfaction rating (default satisfaction)'),
      nps_every_days: z.number().int().min(1).optional().describe('Ask a shopper the NPS question at most once in this many days (default 90)'),
    })
    .optional()
    .describe('Satisfaction (CSAT) and NPS questions'),
  texts: z
    .strictObject({
      not_understood: text.optional(),
      clarify: text.optional(),
      action_failed: text.optional(),
      handoff_expired: text.optional(),
      handoff_closed: text.optional(),
      resume: text.optional(),
      resume_offer: text.optional(),
      resume_declined: text.optional(),
      queue: text.optional(),
      queue_next: text.optional(),
    })
    .optional(),
});

export type RawFlowFile = z.infer<typeof flowFileSchema>;
export type RawStep = z.infer<typeof stepSchema>;
export type RawIntentsFile = z.infer<typeof intentsFileSchema>;
export type RawSettingsFile = z.infer<typeof settingsFileSchema>;
