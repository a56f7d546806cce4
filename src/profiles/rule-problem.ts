import { FlowError } from '../core/errors';
import type { SourcePos } from '../flows/types';

/**
 * A problem in flows/profile-tags.yaml or flows/segments.yaml, printed in Chinese for the marketing staff who edit
 * them: `flows/profile-tags.yaml:12:11: 问题。修改方法：怎么改。` (the same `file:line:col` form as the flow checker).
 *
 * @example
 * new ProfileRuleError('标签名「高客单」重复了（第 8 行已经有）。', '改成别的名字，或删掉其中一条。', pos);
 */
export class ProfileRuleError extends FlowError {
  constructor(
    /** What is wrong, in Chinese. */
    readonly problem: string,
    /** How to fix it, in Chinese. */
    readonly fix: string,
    at: SourcePos,
  ) {
    super(`${problem}修改方法：${fix}`, at.file, at.line, at.col);
  }
}
