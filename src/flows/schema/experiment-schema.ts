import { z } from 'zod';

const text = z.string().min(1);
const snake = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case (a-z, 0-9, _), starting with a letter');
/** Variant ids are short labels marketing staff write: A, B, coupon_first … */
const variantId = z.union([z.string(), z.number()]).describe('Variant id, e.g. A or B (the first variant is the control group)');
const weight = z.number().describe('Share of shoppers, relative to the other variants, e.g. 50 and 50, or 90 and 10');

/** The statistic an experiment is judged by (docs/studio.md 实验). */
export const EXPERIMENT_METRICS = ['conversion', 'csat', 'resolution'] as const;
/** Whether shoppers are being split (`running`) or all see the control (`stopped`). */
export const EXPERIMENT_STATUSES = ['running', 'stopped'] as const;

/**
 * The `experiment:` block of a flow file: one A/B experiment per flow, over every `variants` in its steps.
 *
 * @example
 * experimentSchema.parse({ id: 'welcome_copy', title: '欢迎语', status: 'running', metric: 'conversion', start: '2025-11-20' });
 */
export const experimentSchema = z.strictObject({
  id: snake.describe('Experiment id, unique across flows (exposures and results are kept under it)'),
  title: text.describe('What is compared, in words, e.g. 欢迎语：满减券 vs 包邮'),
  status: z.enum(EXPERIMENT_STATUSES).optional().describe('running (default) splits shoppers; stopped shows everyone the control'),
  metric: z.enum(EXPERIMENT_METRICS).describe('What decides the winner: conversion, csat or resolution'),
  start: z.union([z.string(), z.date()]).describe("First day, e.g. '2025-11-20'"),
  window_days: z.number().optional().describe('Days after exposure that count (default 7)'),
  winner: variantId.optional().describe('The promoted variant (written when a winner is promoted)'),
});

/** One variant of a `say` step: its id, weight and text (or texts). */
export const sayVariantSchema = z.strictObject({
  id: variantId,
  weight,
  text: z.union([text, z.array(text).min(1)]).describe('What this variant says (a list sends several messages)'),
  quick_replies: z.array(text).optional(),
});

/** `say: { variants: [...] }`: alternative messages of one step. */
export const sayVariantsSchema = z.strictObject({ variants: z.array(sayVariantSchema).min(2) });

/** One branch of a `variants:` step: where shoppers of this variant go next. */
export const nextVariantSchema = z.strictObject({ id: variantId, weight, next: snake.describe('Step this variant continues with') });

export type RawExperiment = z.infer<typeof experimentSchema>;
export type RawSayVariant = z.infer<typeof sayVariantSchema>;
export type RawNextVariant = z.infer<typeof nextVariantSchema>;
