import type { ActionContext } from '../engine-types';
import { render } from '../runtime/render';
import { mergeUserPatch, sayText, type Turn } from '../runtime/turn';
import { runActionOnce } from '../runtime/action-once';
import type { ActionStep } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import type { StepHandler } from './registry';

function actionContext(turn: Turn, frame: FlowFrame): ActionContext {
  const { input, services } = turn;
  return {
    user: input.user,
    ref: input.message.ref,
    slots: frame.slots,
    vars: frame.vars,
    commerce: services.commerce,
    shop: services.shop,
    now: input.now,
    requestHandoff: (reason) => {
      turn.handoff = { reason };
    },
    updateUser: (patch) => mergeUserPatch(turn, patch),
    ...(turn.service ? { service: turn.service } : {}),
    setStatus: (state) => void (turn.status = state),
    settings: turn.bundle.settings,
  };
}

/** Renders string args as templates; numbers and booleans pass through. */
export function renderArgs(turn: Turn, frame: FlowFrame, args: ActionStep['args']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? render(turn, frame, v) : v]));
}

/**
 * `action`: runs a registered action and stores its result as `vars.<as>` (in a proactive start, once per outreach job:
 * runtime/action-once.ts). On failure goes to `on_error`, or says settings.texts.action_failed and ends the flow.
 */
export const actionStep: StepHandler<ActionStep> = {
  kind: 'action',
  async run(step, frame, turn) {
    const handler = turn.services.actions.get(step.action);
    try {
      if (!handler) throw new Error(`action '${step.action}' is not registered`);
      const args = renderArgs(turn, frame, step.args);
      const result = await runActionOnce(turn, frame, step.id, actionContext(turn, frame), (ctx) => handler(args, ctx));
      if (step.as) frame.vars[step.as] = result;
      return { type: 'next' };
    } catch (err) {
      turn.services.logger.error({ err: (err as Error).message, flow: frame.flowId, step: step.id, action: step.action }, 'action failed');
      if (step.on_error) return { type: 'next', to: step.on_error };
      sayText(turn, render(turn, frame, turn.bundle.settings.texts.action_failed));
      return { type: 'end' };
    }
  },
};
