import { z } from 'zod';
import { FlowError } from '../core/errors';
import type { FlowDef, SourcePos } from '../flows/types';
import { compileCondition, type CompiledCondition } from '../flows/conditions/compile';
import { ConditionSyntaxError } from '../flows/conditions/tokenizer';
import { isDuration, parseDuration } from './duration';
import { checkTemplate } from './render';

const duration = z.string().refine(isDuration, 'must be a duration like 30m, -24h or 3d');
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
  })
  .refine((t) => !(t.delay && t.at), { message: 'use either delay or at, not both', path: ['at'] })
  .refine((t) => Boolean(t.send) !== Boolean(t.start), { message: 'set exactly one of send or start', path: ['send'] })
  .refine((t) => !(t.start && t.subscription), {
    message: 'a flow (start:) cannot go out as a subscription message, which carries one fixed text; use send: with subscription:',
    path: ['subscription'],
  })
  .refine((t) => !t.subscription || t.kind === 'service', {
    message: 'subscription messages may only be used by kind: service (WeChat forbids marketing in them)',
    path: ['subscription'],
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
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'trigger'}: ${i.message}`).join('; ');
    throw new FlowError(
      `invalid proactive trigger: ${problems}`,
      pos?.file ?? file,
      pos?.line ?? 1,
      pos?.col ?? 1,
      'see docs/outreach.md for the proactive block format.',
      flowId,
    );
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
        const p = spec.pos ?? flow.pos;
        throw new FlowError(
          `proactive trigger '${spec.id}' is declared twice (also in flow '${other}')`,
          p.file,
          p.line,
          p.col,
          'give every proactive trigger a unique id.',
          flow.id,
        );
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
  const fail = (problem: string, hint: string): FlowError =>
    new FlowError(`invalid proactive trigger ${id}: ${problem}`, pos.file, pos.line, pos.col, hint, flowId);
  let compiled: CompiledCondition;
  try {
    compiled = compileCondition(when);
  } catch (err) {
    if (!(err instanceof ConditionSyntaxError)) throw err;
    throw fail(
      `when: ${err.message}`,
      'write it like a flow condition (docs/flow-authoring.md, section 5), e.g. when: user.tags contains "回头客" and event.payload.total >= 99',
    );
  }
  const unknown = compiled.paths.map((p) => p.path).filter((path) => path.length < 2 || !WHEN_ROOTS.includes(path[0]!));
  if (unknown.length > 0) {
    throw fail(
      `when reads ${unknown.map((u) => `'${u.join('.')}'`).join(', ')}`,
      'a when condition reads event.… (the event and its payload) or user.… (user.tags, user.attributes.…, user.isNew), e.g. when: user.tags contains "回头客"',
    );
  }
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
