import path from 'node:path';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { compileTriggers, type TriggerSpec } from '../../src/outreach/trigger-schema';

/** The shipped flows directory. */
export const SHIPPED_FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');

/**
 * The proactive triggers kefu runs: the `proactive:` blocks of flows/*.yaml, compiled as at start-up
 * (no copy in code to drift from them).
 *
 * @example
 * const triggers = await loadShippedTriggers(); // cart_abandoned, unpaid_order, …
 */
export async function loadShippedTriggers(): Promise<TriggerSpec[]> {
  const { bundle, errors } = await loadFlowBundle(SHIPPED_FLOWS_DIR);
  if (!bundle) throw new Error(`the shipped flows do not load:\n${errors.map((e) => e.message).join('\n')}`);
  return compileTriggers([...bundle.flows.values()]);
}
