import { z } from 'zod';
import { FlowError } from '../../core/errors';
import { parseYamlSource } from '../load/yaml-source';
import { checkStructure } from '../schema/check-structure';
import type { ReplyExpectation, TranscriptInput, TranscriptTest, TranscriptTurn } from './types';

const expectation = z.union([
  z.string().min(1),
  z.strictObject({ exact: z.string() }),
  z.strictObject({ card: z.enum(['coupon', 'product', 'order']) }),
  z.strictObject({ quick_replies: z.array(z.string()).min(1) }),
  z.strictObject({ not: z.string().min(1) }),
]);
const turnSchema = z.strictObject({
  user: z.union([z.string(), z.number()]).optional(),
  event: z.string().optional(),
  click: z.union([z.string(), z.number()]).optional(),
  intents: z.record(z.string(), z.number()).optional(),
  bot: z.array(expectation).optional(),
  flow: z.string().nullable().optional(),
  step: z.string().optional(),
  slots: z.record(z.string(), z.unknown()).optional(),
  handoff: z.boolean().optional(),
  status: z.enum(['bot', 'waiting_human', 'human', 'ticket', 'after_hours']).optional(),
  now: z.string().optional(),
});
/** A clock in a transcript: an ISO date-time with its offset, so it means the same on every machine. */
const CLOCK = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** The structural schema of a transcript file. */
export const transcriptSchema = z.strictObject({
  name: z.string().min(1),
  user: z
    .strictObject({
      id: z.string().optional(),
      new: z.boolean().optional(),
      orders: z.number().int().nonnegative().optional(),
      days_since_last_order: z.number().int().nonnegative().optional(),
      delivered: z.boolean().optional(),
      tags: z.array(z.string()).optional(),
      attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .optional(),
  channel: z.string().min(1).optional(),
  now: z.string().optional(),
  turns: z.array(turnSchema).min(1),
});

/**
 * Parses one transcript file with positions. Each turn needs exactly one of `user`, `event`, `click`.
 *
 * @example
 * const { test, errors } = parseTranscript('flows/tests/new.test.yaml', text);
 */
export function parseTranscript(file: string, text: string): { test?: TranscriptTest; errors: FlowError[] } {
  const src = parseYamlSource(file, text);
  const errors = checkStructure(src, transcriptSchema);
  if (errors.length) return { errors };
  const raw = transcriptSchema.parse(src.value);
  const turns: TranscriptTurn[] = [];
  const clock = (value: string | undefined, path: (string | number)[]): number | undefined => {
    if (value === undefined) return undefined;
    if (CLOCK.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
    const p = src.posOf(path);
    errors.push(new FlowError(`'${value}' is not a date and time with a time zone.`, file, p.line, p.col, "write it like '2025-11-20T23:30:00+08:00' (in quotes)."));
    return undefined;
  };
  const now = clock(raw.now, ['now']);
  raw.turns.forEach((t, i) => {
    const pos = src.posOf(['turns', i]);
    const inputs = (['user', 'event', 'click'] as const).filter((k) => t[k] !== undefined);
    if (inputs.length !== 1) {
      const found = inputs.length ? inputs.join(' and ') : 'none';
      errors.push(new FlowError(`Turn ${i + 1} needs exactly one of user/event/click, found ${found}.`, file, pos.line, pos.col, 'write `user: 你好`, `event: visit` or `click: 按钮文字`.'));
      return;
    }
    const input: TranscriptInput =
      t.event !== undefined ? { kind: 'event', event: t.event } : t.click !== undefined ? { kind: 'click', title: String(t.click) } : { kind: 'text', text: String(t.user) };
    const bot = t.bot?.map((b, j) => ({ expect: toExpectation(b), pos: src.posOf(['turns', i, 'bot', j]) }));
    const keyPos = Object.fromEntries(['bot', 'flow', 'step', 'slots', 'handoff', 'status'].map((k) => [k, src.posOf(['turns', i, k])]));
    const at = clock(t.now, ['turns', i, 'now']);
    turns.push({ input, intents: t.intents, bot, flow: t.flow, step: t.step, slots: t.slots, handoff: t.handoff, status: t.status, now: at, pos, keyPos });
  });
  if (errors.length) return { errors };
  const u = raw.user ?? {};
  const orders = u.orders ? { count: u.orders, daysSinceLast: u.days_since_last_order ?? 0, delivered: u.delivered ?? false } : undefined;
  const user = { id: u.id ?? `t-${raw.name}`, isNew: u.new ?? !orders, tags: u.tags ?? [], attributes: u.attributes ?? {}, ...(orders ? { orders } : {}) };
  const setup = { ...(raw.channel !== undefined ? { channel: raw.channel } : {}), ...(now !== undefined ? { now } : {}) };
  return { test: { name: raw.name, user, turns, ...setup, file, pos: src.posOf(['name']) }, errors };
}

function toExpectation(b: z.infer<typeof expectation>): ReplyExpectation {
  return typeof b === 'string' ? { contains: b } : b;
}
