import type { KefuEvent } from '../events/event';
import { getPath } from './paths';
import type { TriggerSpec } from './trigger-schema';

/** One field a trigger reads that the event lacks. */
interface MissingField {
  trigger: string;
  flowId: string;
  path: string;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

/** Payload keys that look like a misspelling of `path`'s last part (`code` for `couponCode`), for the hint. */
function lookalikes(event: KefuEvent, path: string): string[] {
  const wanted = (path.split('.').pop() ?? '').toLowerCase();
  return Object.keys(event.payload).filter((key) => {
    const k = key.toLowerCase();
    return k !== wanted && k.length >= 2 && (wanted.includes(k) || k.includes(wanted));
  });
}

/**
 * Why an event cannot start the proactive triggers that listen to it (`on`), or undefined when it can: each needs
 * its `subject` paths and its `at.field`. Without this an event with a misnamed field (e.g. `payload.code` for
 * `payload.couponCode`) was accepted and silently scheduled nothing. Events no trigger starts on pass, and so does an
 * event that some trigger can still use (one it starts with all its fields, or one it cancels, `cancel_on`).
 *
 * @example
 * eventFieldsProblem(triggers, { id: 'e1', type: 'coupon_issued', userId: 'u1', at: 0, payload: { code: 'K1' } });
 * // "coupon_issued event e1 lacks payload.couponCode, payload.expiresAt (read by trigger coupon_expiring in flow coupon; …). Fix: …"
 */
export function eventFieldsProblem(triggers: readonly TriggerSpec[], event: KefuEvent): string | undefined {
  const missing: MissingField[] = [];
  let usable = false;
  for (const spec of triggers) {
    if (spec.cancelOn.includes(event.type)) usable = true;
    if (!spec.on.includes(event.type)) continue;
    const paths = spec.at ? [...spec.subject, spec.at.field] : spec.subject;
    const lacks = paths.filter((path) => isMissing(getPath(event, path)));
    for (const path of lacks) missing.push({ trigger: spec.id, flowId: spec.flowId, path });
    if (lacks.length === 0) usable = true;
  }
  // Rejected only when it would do nothing at all: an order_created without autoCloseAt (already paid) still
  // cancels a cart reminder, so it is accepted; a coupon_issued without couponCode would be silently useless.
  if (missing.length === 0 || usable) return undefined;
  const paths = [...new Set(missing.map((m) => m.path))];
  const readers = [...new Set(missing.map((m) => (m.flowId ? `trigger ${m.trigger} in flow ${m.flowId}` : `trigger ${m.trigger}`)))];
  const keys = Object.keys(event.payload);
  const hints = paths.flatMap((path) => lookalikes(event, path).map((key) => `send payload.${key} as ${path}`));
  return (
    `${event.type} event ${event.id} lacks ${paths.join(', ')} (read by ${readers.join('; ')}); ` +
    `its payload has ${keys.length > 0 ? keys.join(', ') : 'no fields'}. ` +
    `Fix: ${hints.length > 0 ? `${hints.join('; ')}; ` : ''}every ${event.type} event needs ${paths.join(', ')} (docs/outreach.md lists each event's fields).`
  );
}
