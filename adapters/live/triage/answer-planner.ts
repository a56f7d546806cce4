import type { LiveFlow } from '../live-flow';
import type { QuestionGroup } from './question-groups';

/** A public answer to one question group. */
export interface PublicAnswer {
  groupKey: string;
  /** The text as it goes into the room, e.g. `@小王 @阿杰 包邮的哦～`. */
  text: string;
  /** The answer without the @names (the board's suggested answer). */
  answer: string;
  /** The askers it names. */
  askers: string[];
  at: number;
}

/** Options of {@link AnswerPlanner}. */
export interface AnswerPlannerOptions {
  flow: LiveFlow;
  /** Wait this long after a group's first unanswered question, to name several askers in one answer. @defaultValue 1000 */
  gatherMs?: number;
  /** The platform's longest comment; askers are left out until the answer fits. @defaultValue 40 */
  maxChars?: number;
}

/**
 * The answer text a group gets (without @names): the topic's answer for that product, else its general one, with
 * `{product}` and `{link}` filled in.
 *
 * @example
 * suggestedAnswer(group); // '加绒卫衣是1号链接哦～'
 */
export function suggestedAnswer(group: Pick<QuestionGroup, 'topic' | 'product'>): string {
  const { topic, product } = group;
  const template = (product && topic.products[product.id]) || topic.answer;
  return template.replaceAll('{product}', product?.title ?? '这款').replaceAll('{link}', product ? String(product.link) : '购物车里对应的');
}

/**
 * Decides when a question group gets a public answer: at most one per group per `answer_every`, at most
 * `room_rate` per room, after a short gather so one answer names several askers (@A @B 包邮的哦～).
 *
 * @example
 * const answers = planner.plan(groups.top(20), Date.now());
 */
export class AnswerPlanner {
  private readonly sent: number[] = [];
  private readonly gatherMs: number;
  private readonly maxChars: number;

  constructor(private readonly options: AnswerPlannerOptions) {
    this.gatherMs = options.gatherMs ?? 1000;
    this.maxChars = options.maxChars ?? 40;
  }

  /** The answers due now, most asked group first; marks the groups answered. */
  plan(groups: readonly QuestionGroup[], now: number): PublicAnswer[] {
    const { flow } = this.options;
    while (this.sent.length > 0 && now - this.sent[0]! >= 60_000) this.sent.shift();
    const out: PublicAnswer[] = [];
    for (const group of groups) {
      if (this.sent.length >= flow.answersPerMinute) break;
      const oldest = group.unanswered[0];
      if (!oldest || now - group.answeredAt < flow.answerEveryMs) continue;
      if (now - oldest.at < this.gatherMs && group.unanswered.length < flow.maxAskers) continue;
      const answer = suggestedAnswer(group);
      const names = group.unanswered
        .slice(-flow.maxAskers)
        .map((a) => a.name)
        .filter((n) => n !== '');
      while (names.length > 0 && this.compose(names, answer).length > this.maxChars) names.pop();
      out.push({ groupKey: group.key, text: this.compose(names, answer), answer, askers: names, at: now });
      group.answeredAt = now;
      group.unanswered = [];
      this.sent.push(now);
    }
    return out;
  }

  private compose(names: readonly string[], answer: string): string {
    return names.length > 0 ? `${names.map((n) => `@${n}`).join(' ')} ${answer}` : answer;
  }
}
