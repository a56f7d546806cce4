import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import type { FlowDef } from '../types';
import type { ValidationInput, Validator } from './context';

/** Flow ids must be unique across files; the message names both files with positions. */
export const duplicateFlowId: Validator = {
  name: 'duplicate-flow-id',
  run(input: ValidationInput): FlowError[] {
    const first = new Map<string, FlowDef>();
    const errors: FlowError[] = [];
    for (const flow of input.flows) {
      const prev = first.get(flow.id);
      if (!prev) {
        first.set(flow.id, flow);
        continue;
      }
      const there = `${prev.file}:${prev.pos.line}:${prev.pos.col}`;
      const here = `${flow.file}:${flow.pos.line}:${flow.pos.col}`;
      errors.push(new FlowProblem('duplicate-flow-id', { id: flow.id, here, there }, flow.pos, flow.id));
    }
    return errors;
  },
};
