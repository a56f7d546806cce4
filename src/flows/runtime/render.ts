import { testCondition } from '../conditions/compile';
import { renderTemplate } from '../templates/render';
import type { FlowFrame } from '../../core/conversation-state';
import { buildContext } from './context';
import type { Turn } from './turn';

/**
 * Renders a template in the frame's context (plus extra values, e.g. `{{ flow }}` of a settings text); a broken
 * template is logged and rendered as ''.
 */
export function render(turn: Turn, frame: FlowFrame | undefined, text: string, extra: Record<string, unknown> = {}): string {
  try {
    return renderTemplate(text, { ...buildContext(turn, frame), ...extra });
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, flow: frame?.flowId, step: frame?.stepId }, 'template render failed');
    return '';
  }
}

/** Evaluates a condition in the frame's context (plus extra values such as `value`); errors are false. */
export function test(turn: Turn, frame: FlowFrame | undefined, cond: string, extra: Record<string, unknown> = {}): boolean {
  try {
    return testCondition(cond, { ...buildContext(turn, frame), ...extra });
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, flow: frame?.flowId, cond }, 'condition failed');
    return false;
  }
}
