import type { FlowBundle } from '../flows/types';

/**
 * The coupon templates an operator may send from the inbox: those the shop's flows issue (`coupon.issue` actions with
 * a fixed `template`), so operators hand out only coupons marketing already set up.
 *
 * @example
 * couponTemplatesOf(flows.current()); // ['APOLOGY_15', 'NEW_USER_20', …]
 */
export function couponTemplatesOf(bundle: FlowBundle): string[] {
  const found = new Set<string>();
  for (const flow of bundle.flows.values()) {
    for (const step of flow.steps) {
      if (step.kind !== 'action' || step.action !== 'coupon.issue') continue;
      const template = step.args.template;
      if (typeof template === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(template)) found.add(template);
    }
  }
  return [...found].sort();
}
