import type { LabelledOutcome, QualityEvent } from '../../src/quality/outcome';

/**
 * The "flags only" baseline: what the stored flags alone say. Escalated with a handoff or a ticket, resolved when any
 * flow reached its end, else abandoned.
 */
export function flagsOnly(events: readonly QualityEvent[]): LabelledOutcome {
  if (events.some((e) => e.kind === 'handoff' || e.kind === 'ticket')) return { outcome: 'escalated', signals: ['flags'] };
  if (events.some((e) => e.kind === 'bot' && e.flowDone)) return { outcome: 'resolved', signals: ['flags'] };
  return { outcome: 'abandoned', signals: ['flags'] };
}
