import type { ServiceState } from '../core/service-status';
import type { UserPatch } from './engine-types';

/** What an action asked of the turn through its context, replayed with its result. */
export type ActionEffect = { handoff: string } | { patch: UserPatch } | { status: ServiceState };

/** One action's run in a keyed turn: its result (stored as `vars.<as>`) and what it asked of the turn. */
export interface ActionRecord {
  result: unknown;
  effects: ActionEffect[];
}

/**
 * Where the actions of a keyed turn (`TurnInput.actionKey`: an outreach job's proactive start) keep their results,
 * so the job's retry finds them instead of running the actions again (a coupon is issued, a record taken, once).
 *
 * @example
 * const done = await results.get('cart_abandoned.c1@1700000000000:coupon_reminder/give:0');
 * if (!done) await results.put(key, { result: coupon, effects: [] });
 */
export interface ActionResults {
  get(key: string): Promise<ActionRecord | undefined>;
  put(key: string, record: ActionRecord): Promise<void>;
}
