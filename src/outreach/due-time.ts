import type { KefuEvent } from '../events/event';
import { getPath } from './paths';
import type { TriggerSpec } from './trigger-schema';

const DAY_MS = 86_400_000;

/**
 * When a trigger fired by `event` is due (ms), or why it cannot be scheduled.
 *
 * @example
 * dueTimeOf(spec, event); // { ok: true, dueAt: event.at + 30 * 60_000 }
 */
export function dueTimeOf(spec: TriggerSpec, event: KefuEvent): { ok: true; dueAt: number } | { ok: false; reason: string } {
  if (!spec.at) return { ok: true, dueAt: event.at + spec.delayMs };
  const base = toMillis(getPath(event, spec.at.field));
  if (base === undefined) return { ok: false, reason: `missing_field:${spec.at.field}` };
  let days = 0;
  if (spec.at.plusDaysPath) {
    const raw = Number(getPath(event, spec.at.plusDaysPath));
    if (!Number.isFinite(raw) || raw <= 0) return { ok: false, reason: `missing_field:${spec.at.plusDaysPath}` };
    days = raw;
  }
  return { ok: true, dueAt: base + spec.at.offsetMs + days * DAY_MS };
}

/** The subject values of a trigger for an event, or undefined when one is missing. */
export function subjectOf(spec: Pick<TriggerSpec, 'subject'>, event: KefuEvent): string[] | undefined {
  const values = spec.subject.map((p) => getPath(event, p));
  if (values.some((v) => v === undefined || v === null || v === '')) return undefined;
  return values.map(String);
}

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
