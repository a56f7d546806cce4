import { KefuError } from '../../core/errors';
import { END_OF_FLOW, flowOf, followingStep, pushFlow } from './frames';
import { popFrame } from './pop-frame';
import { activeFrame, sayText, type Turn } from './turn';

/** Thrown when a flow uses a step kind no handler is registered for. */
export class UnknownStepKindError extends KefuError {
  constructor(kind: string, where: string) {
    super('FLOW_STEP_KIND', `Step type '${kind}' is not registered (${where}).`, `register a handler for '${kind}' in the StepRegistry, or use one of say/ask/branch/action/call/goto/end.`);
  }
}

/**
 * Runs the active flow until an ask waits for input or the stack is empty. Guards against
 * loops: after `maxStepsPerTurn` steps the flow is ended with an apology.
 */
export async function runActive(turn: Turn): Promise<void> {
  for (;;) {
    const frame = activeFrame(turn);
    if (!frame) return;
    const flow = flowOf(turn, frame);
    const step = flow?.steps.find((s) => s.id === frame.stepId);
    if (!flow || !step) {
      if (frame.stepId !== END_OF_FLOW) turn.services.logger.error({ flow: frame.flowId, step: frame.stepId }, 'step not found; ending flow');
      popFrame(turn);
      continue;
    }
    if (++turn.steps > turn.services.maxStepsPerTurn) {
      turn.services.logger.error({ flow: flow.id, step: step.id, limit: turn.services.maxStepsPerTurn }, 'too many steps in one turn (loop?); ending flow');
      sayText(turn, turn.bundle.settings.texts.action_failed);
      turn.state.stack = [];
      return;
    }
    const handler = turn.services.steps.get(step.kind);
    if (!handler) throw new UnknownStepKindError(step.kind, `${flow.file}:${step.pos.line}`);
    const out = await handler.run(step, frame, turn);
    switch (out.type) {
      case 'wait':
        return;
      case 'next': {
        frame.stepId = out.to ?? followingStep(flow, step);
        break;
      }
      case 'end':
        popFrame(turn);
        break;
      case 'call':
        frame.stepId = followingStep(flow, step);
        if (!pushFlow(turn, out.flowId, true)) sayText(turn, turn.bundle.settings.texts.action_failed);
        break;
      case 'goto':
        if (!turn.bundle.flows.has(out.flowId)) {
          turn.services.logger.error({ flow: out.flowId }, 'goto target not found; ending flow');
          popFrame(turn);
        } else {
          turn.state.stack.pop();
          pushFlow(turn, out.flowId, frame.called);
        }
        break;
    }
  }
}
