import type { FlowFrame } from '../../core/conversation-state';
import type { FlowDef } from '../types';
import type { Turn } from './turn';

/**
 * Whether the interruption that just ended (`ended`, answered in the same turn it came in) clearly belongs to the
 * interrupted `chain`, so the chain may come back at once, announced ("好的～我们接着刚才的继续：…"):
 * - the shopper answered the chain's question in this very message and added another request ("单位，另外我的快递到哪了");
 * - or a flow of the chain lists `ended` in its `related:` (size_guide: `related: [product_inquiry]`) and the
 *   interruption did not switch to another product than the one in focus when it began ("是什么材质的" about the
 *   hoodie being sized is related; "那口红呢" is not).
 * Anything else is unrelated: the bot asks whether to go back instead (runtime/digression.ts).
 *
 * @example
 * if (chain.every((f) => f.suspendedTurn === state.turn) && isRelatedInterruption(turn, chain, ended)) announce();
 */
export function isRelatedInterruption(turn: Turn, chain: FlowFrame[], ended: FlowDef | undefined): boolean {
  const suspension = turn.suspension;
  if (suspension?.answered) return true;
  if (!ended) return false;
  const listed = chain.some((f) => turn.bundle.flows.get(f.flowId)?.related.includes(ended.id));
  return listed && sameProduct(turn);
}

/** The interruption stayed with the product in focus when it began: it put no other product in focus and showed none. */
function sameProduct(turn: Turn): boolean {
  const suspension = turn.suspension;
  if (!suspension) return true;
  const before = suspension.focusId;
  if (turn.state.focus?.id !== before) return false;
  return turn.replies.slice(suspension.replyIndex).every((r) => r.type !== 'product_card' || r.product.id === before);
}
