import { z } from 'zod';
import type { ProactiveProblem } from '../flows/messages/catalogue';
import { FlowProblem } from '../flows/messages/flow-problem';
import type { FlowDef, SourcePos } from '../flows/types';
import { compileCondition, type CompiledCondition } from '../flows/conditions/compile';
import { ConditionSyntaxError } from '../flows/conditions/tokenizer';
import { isDuration, parseDuration } from './duration';
import { checkTemplate } from './render';

// `params.rule` names each refinement for the translations in src/flows/messages (zh-details.ts).
const duration = z.string().refine(isDuration, { message: 'must be a duration like 30m, -24h or 3d', params: { rule: 'duration' } });
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case, e.g. cart_abandoned');

/** zod schema of one entry of a flow file's `proactive:` block (positions optional). */
export const proactiveTriggerSchema = z
  .object({
    id: ident,
    on: z.union([ident, z.array(ident).min(1)]),
    delay: duration.optional(),
    at: z
      .object({
        field: z.string().min(1),
        offset: duration.optional(),
        plus_days: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    cancel_on: z.array(ident).optional(),
    subject: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    when: z.string().min(1).optional(),
    send: z
      .object({ text: z.string().min(1), quick_replies: z.array(z.string().min(1)).optional() })
      .strict()
      .optional(),
    start: z.string().min(1).optional(),
    kind: z.enum(['marketing', 'service']).default('marketing'),
    holdout: z.number().min(0).max(1).optional(),
    subscription: z
      .object({ template: z.string().min(1) })
      .strict()
      .optional(),
    pos: z.unknown().optional(),
  })
  .strict()
  .refine((t) => !t.send || [t.send.text, ...(t.send.quick_replies ?? [])].every(validTemplate), {
    message: 'a template does not parse (check the {{ }} and {% %} pairs)',
    path: ['send'],
    params: { rule: 'template' },
  })
  .refine((t) => !(t.delay && t.at), { message: 'use either delay or at, not both', path: ['at'], params: { rule: 'delay-or-at' } })
  .refine((t) => Boolean(t.send) !== Boolean(t.start), {
    message: 'set exactly one of send or start',
    path: ['send'],
    params: { rule: 'send-or-start' },
  })
  .refine((t) => !(t.start && t.subscription), {
    message: 'a flow (start:) cannot go out as a subscription message, which carries one fixed text; use send: with subscription:',
    path: ['subscription'],
    params: { rule: 'start-subscription' },
  })
  .refine((t) => !t.subscription || t.kind === 'service', {
    message: 'subscription messages may only be used by kind: service (WeChat forbids marketing in them)',
    path: ['subscription'],
    params: { rule: 'subscription-service' },
  });

/** One validated proactive trigger, ready for the scheduler. */
export interface TriggerSpec {
  id: string;
  /** Event types that schedule it. */
  on: string[];
  /** Fixed delay after the event (ms); used when `at` is not set. 0 = as soon as possible. */
  delayMs: number;
  /** Due time relative to a field of the event (`at` = event time, or `payload.expiresAt`). */
  at?: { field: string; offsetMs: number; plusDaysPath?: string };
  cancelOn: string[];
  /** Paths into the event whose values identify the job (default `userId`). */
  subject: string[];
  when?: string;
  send?: { text: string; quick_replies?: string[] };
  start?: string;
  kind: 'marketing' | 'service';
  subscription?: { template: string };
  /** Share of shoppers kept out as a control group (`holdout: 0.1`): logged as suppressed `holdout`, nothing sent. */
  holdout?: number;
  /** Flow the trigger was declared in (empty for code-defined triggers). */
  flowId: string;
  pos?: SourcePos;
}

/** Raw shape accepted by {@link proactiveTriggerSchema}. */
export type ProactiveTriggerInput = z.input<typeof proactiveTriggerSchema>;

/** Validate one raw trigger; throws FlowError with the position when the entry is wrong. */
export function compileTrigger(raw: unknown, flowId = '', file = '<code>', fallbackPos?: SourcePos): TriggerSpec {
  const parsed = proactiveTriggerSchema.safeParse(raw);
  const pos = readPos(raw) ?? fallbackPos;
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const params = { id: typeof id === 'string' ? id : undefined, problems: parsed.error.issues.map(problemOf) };
    throw new FlowProblem('proactive-invalid', params, pos ?? { file, line: 1, col: 1 }, flowId);
  }
  const t = parsed.data;
  if (t.when !== undefined) checkWhen(t.id, t.when, pos ?? { file, line: 1, col: 1 }, flowId);
  return {
    id: t.id,
    on: Array.isArray(t.on) ? t.on : [t.on],
    delayMs: t.delay ? parseDuration(t.delay) : 0,
    at: t.at ? { field: t.at.field, offsetMs: t.at.offset ? parseDuration(t.at.offset) : 0, plusDaysPath: t.at.plus_days } : undefined,
    cancelOn: t.cancel_on ?? [],
    subject: t.subject === undefined ? ['userId'] : Array.isArray(t.subject) ? t.subject : [t.subject],
    when: t.when,
    send: t.send,
    start: t.start,
    kind: t.kind,
    subscription: t.subscription,
    ...(t.holdout ? { holdout: t.holdout } : {}),
    flowId,
    pos,
  };
}

/**
 * Collect and validate the `proactive:` blocks of all flows. Throws FlowError on the first bad entry
 * and on duplicate trigger ids across flows.
 *
 * @example
 * const specs = compileTriggers([...bundle.flows.values()]);
 */
export function compileTriggers(flows: Iterable<Pick<FlowDef, 'id' | 'file' | 'pos' | 'proactive'>>): TriggerSpec[] {
  const specs: TriggerSpec[] = [];
  const seen = new Map<string, string>();
  for (const flow of flows) {
    for (const raw of flow.proactive ?? []) {
      const spec = compileTrigger(raw, flow.id, flow.file, flow.pos);
      const other = seen.get(spec.id);
      if (other !== undefined) {
        throw new FlowProblem('proactive-duplicate', { id: spec.id, otherFlow: other }, spec.pos ?? flow.pos, flow.id);
      }
      seen.set(spec.id, flow.id);
      specs.push(spec);
    }
  }
  return specs;
}

/** Roots a `when` may read: the event (and its payload) and the shopper's profile. */
const WHEN_ROOTS = ['event', 'user'];

/**
 * A `when` must parse in the flows' condition language and read only `event.…` / `user.…`;
 * otherwise a FlowError at the trigger's position.
 */
function checkWhen(id: string, when: string, pos: SourcePos, flowId: string): void {
  let compiled: CompiledCondition;
  try {
    compiled = compileCondition(when);
  } catch (err) {
    if (!(err instanceof ConditionSyntaxError)) throw err;
    throw new FlowProblem('proactive-when-syntax', { id, detail: err.message, problem: err.problem, col: err.col }, pos, flowId);
  }
  const unknown = compiled.paths.map((p) => p.path).filter((path) => path.length < 2 || !WHEN_ROOTS.includes(path[0]!));
  if (unknown.length > 0) {
    throw new FlowProblem('proactive-when-reads', { id, paths: unknown.map((u) => u.join('.')) }, pos, flowId);
  }
}

/** One zod issue of a proactive entry as data (the English text plus what the translations need). */
function problemOf(issue: z.core.$ZodIssue): ProactiveProblem {
  const rule = (issue as { params?: { rule?: unknown } }).params?.rule;
  return {
    path: issue.path.join('.') || 'trigger',
    detail: issue.message,
    code: issue.code,
    rule: typeof rule === 'string' ? rule : issue.code === 'invalid_format' ? 'snake' : undefined,
    expected: issue.code === 'invalid_type' ? issue.expected : undefined,
    keys: issue.code === 'unrecognized_keys' ? issue.keys : undefined,
  };
}

function validTemplate(text: string): boolean {
  try {
    checkTemplate(text);
    return true;
  } catch {
    return false;
  }
}

function readPos(raw: unknown): SourcePos | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const pos = (raw as { pos?: unknown }).pos;
  if (pos && typeof pos === 'object' && 'line' in pos && 'file' in pos) return pos as SourcePos;
  return undefined;
}
