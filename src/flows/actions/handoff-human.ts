import type { ActionHandler } from '../engine-types';
import { optString } from './args';

/**
 * `handoff.human { reason }`: hands the conversation to a human operator after this turn
 * (the bot stays silent until released). Result: `{ requested: true, reason }`.
 */
export const handoffHuman: ActionHandler = async (args, ctx) => {
  const reason = optString(args, 'reason') ?? '顾客要求人工服务';
  ctx.requestHandoff(reason);
  return { requested: true, reason };
};
