import { FlowError } from '../../core/errors';
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
      const where = `${prev.file}:${prev.pos.line}:${prev.pos.col}`;
      errors.push(
        new FlowError(
          `Duplicate flow id '${flow.id}': defined in ${flow.file}:${flow.pos.line}:${flow.pos.col} and in ${where}.`,
          flow.file,
          flow.pos.line,
          flow.pos.col,
          `rename one of them (flow ids are unique across all files in ${input.flows.length > 0 ? 'the flows directory' : 'flows/'}).`,
          flow.id,
        ),
      );
    }
    return errors;
  },
};
