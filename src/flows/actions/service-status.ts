import { BadInputError } from '../../core/errors';
import type { ServiceState } from '../../core/service-status';
import type { ActionHandler } from '../engine-types';
import { reqString } from './args';

const STATES: readonly ServiceState[] = ['bot', 'waiting_human', 'human', 'ticket', 'after_hours'];

/**
 * `service.status { state }`: shows where the conversation stands on channels that can (the web widget's header):
 * `bot`, `waiting_human`, `human`, `ticket` or `after_hours`. Result: `{ state }`.
 */
export const serviceStatus: ActionHandler = async (args, ctx) => {
  const state = reqString(args, 'state', 'service.status');
  if (!STATES.includes(state as ServiceState)) {
    throw new BadInputError(`Action 'service.status' got the unknown state '${state}'.`, `use one of ${STATES.join(', ')}.`);
  }
  ctx.setStatus?.(state as ServiceState);
  return { state };
};
