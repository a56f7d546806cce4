import type { Turn } from '../runtime/turn';
import type { StepDef, StepKind } from '../types';
import type { FlowFrame } from '../../core/conversation-state';

/** What a step tells the interpreter to do next. */
export type StepOutcome =
  | { type: 'next'; to?: string }
  | { type: 'wait' }
  | { type: 'end' }
  | { type: 'call'; flowId: string }
  | { type: 'goto'; flowId: string };

/** The implementation of one step kind. */
export interface StepHandler<S extends StepDef = StepDef> {
  kind: S['kind'];
  run(step: S, frame: FlowFrame, turn: Turn): Promise<StepOutcome> | StepOutcome;
}

/**
 * Step kinds by name (say, ask, branch, …), one handler file each.
 *
 * @example
 * const steps = new StepRegistry().register(sayStep);
 */
export class StepRegistry {
  private readonly handlers = new Map<string, StepHandler>();

  /** Adds (or replaces) the handler of a kind. */
  register<S extends StepDef>(handler: StepHandler<S>): this {
    this.handlers.set(handler.kind, handler as unknown as StepHandler);
    return this;
  }

  get(kind: StepKind | string): StepHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
