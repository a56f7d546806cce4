import { FlowError } from '../../core/errors';
import type { SourcePos } from '../types';
import { textOf, type FlowMessageId, type FlowMessageParams } from './catalogue';
import { catalogueOf, type Lang } from './lang';
import { EN } from './messages-en';

/**
 * A FlowError from the message catalogue: `message` is the English text (logs, hot reload), and `messageId` +
 * `params` let {@link renderFlowError} print it in any language of the catalogue.
 *
 * @example
 * throw new FlowProblem('branch-no-else', { stepId: 'route' }, step.pos, flow.id, step.id);
 */
export class FlowProblem<K extends FlowMessageId = FlowMessageId> extends FlowError {
  constructor(
    readonly messageId: K,
    readonly params: FlowMessageParams[K],
    at: SourcePos,
    flowId?: string,
    stepId?: string,
  ) {
    const en = textOf(EN, messageId, params);
    super(en.message, at.file, at.line, at.col, en.fix, flowId, stepId);
  }
}

/**
 * One error as `kefu flows check` prints it: `file:line:col: what happened 修改方法：how to fix it` in Chinese,
 * `… Fix: …` in English. Errors from outside the catalogue keep their (English) message.
 *
 * @example
 * renderFlowError(err, 'zh'); // 'flows/a.yaml:6:7: 分支 route 没有 else（否则）这一项。修改方法：…'
 */
export function renderFlowError(error: FlowError, lang: Lang): string {
  if (!(error instanceof FlowProblem)) return error.message;
  const catalogue = catalogueOf(lang);
  const text = textOf(catalogue, error.messageId, error.params);
  const gap = lang === 'en' ? ' ' : '';
  return `${error.file}:${error.line}:${error.col}: ${text.message}${gap}${catalogue.fixLabel}${text.fix}`;
}

/** What makes two errors the same: file, line and cause (message id and parameters, or the message). */
function causeKey(error: FlowError): string {
  const cause = error instanceof FlowProblem ? `${error.messageId}\u0000${JSON.stringify(error.params)}` : error.message;
  return `${error.file}\u0000${error.line}\u0000${cause}`;
}

/**
 * Errors sorted by file, line and column, each cause once.
 *
 * @example
 * tidyFlowErrors([b, a, a]); // [a, b]
 */
export function tidyFlowErrors(errors: readonly FlowError[]): FlowError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = causeKey(e);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
