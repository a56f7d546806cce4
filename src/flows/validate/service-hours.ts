import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import { serviceHoursProblems } from '../service/service-hours';
import type { ValidationInput, Validator } from './context';

/** settings.service_hours must name real days, times of day and time zone (the handoff flow tells shoppers these hours). */
export const serviceHours: Validator = {
  name: 'service-hours',
  run(input: ValidationInput): FlowError[] {
    const src = input.settingsSource;
    if (!src) return [];
    return serviceHoursProblems(input.settings.service_hours).map((problem) => {
      const p = src.posOf(['service_hours', problem.key]);
      return new FlowProblem('service-hours', { key: problem.key, kind: problem.kind, value: problem.value }, { file: src.file, line: p.line, col: p.col });
    });
  },
};
