import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case (a-z, 0-9, _), starting with a letter');
const text = z.string().min(1);

/**
 * One intent-prediction rule of a flow file's `predict:` block (意图预判, docs/outreach.md): when the shopper's
 * behaviour matches `when`, start the flow `start` proactively through the outreach policy ledger.
 * Phase 1 checks the shape; src/flows/validate/predict-rules.ts checks durations, conditions and references.
 *
 * @example
 * predictRuleSchema.parse({ id: 'payment_help_at_checkout', when: 'event.type == "checkout_start"', after: '2m', start: 'payment_help' });
 */
export const predictRuleSchema = z.strictObject({
  id: id.describe('Rule id, unique among predict rules and proactive triggers (the outreach log names it)'),
  title: text.optional().describe('What the rule is for, in words (for people; not sent)'),
  when: text.describe('Condition over features.*, event.* and user.*, e.g. features.top_product_views_10m >= 3'),
  unless: text.optional().describe('Do not start while this holds (checked when scheduled and again when due)'),
  after: text.optional().describe('Wait this long, then check when/unless again with fresh features (30s, 2m, 1h)'),
  start: id.describe('The flow to start proactively'),
  cooldown: text.optional().describe('At most once per shopper (and per `per` value) in this period (default 24h)'),
  per: text.optional().describe('Count the cooldown per value of this path too, e.g. features.top_product_10m'),
  holdout: z.number().min(0).max(1).optional().describe('Share of shoppers kept out as a control group, e.g. 0.1'),
  kind: z.enum(['marketing', 'service']).optional().describe('marketing (default) or service (about their own order)'),
});

/** A `predict:` entry as written (after phase 1). */
export type RawPredictRule = z.infer<typeof predictRuleSchema>;
