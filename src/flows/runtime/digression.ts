import type { FlowFrame } from '../../core/conversation-state';
import type { QuickReply } from '../../core/message';
import type { FlowDef } from '../types';
import { END_OF_FLOW } from './frames';
import { isRelatedInterruption } from './related-interruption';
import { render } from './render';
import { sayBefore, type Turn } from './turn';

/** Quick reply of the "还要继续吗？" question that brings the interrupted flow back. */
export const RESUME_YES = '继续';
/** Quick reply of the "还要继续吗？" question that drops it. */
export const RESUME_NO = '不用了';

/** The frames whose flow and step still exist (a hot reload may have removed them), callers first. */
export function liveFrames(turn: Turn, frames: FlowFrame[]): FlowFrame[] {
  const live: FlowFrame[] = [];
  for (const f of frames) {
    const flow = turn.bundle.flows.get(f.flowId);
    if (!flow || (f.stepId !== END_OF_FLOW && !flow.steps.some((s) => s.id === f.stepId))) break; // a broken caller breaks the chain above it
    live.push(f);
  }
  return live;
}

/** Takes the most recent suspended call chain (a called frame comes with its callers) off `state.suspended`. */
function takeLatestChain(turn: Turn): FlowFrame[] {
  const chain: FlowFrame[] = [];
  for (let f = turn.state.suspended.pop(); f; f = turn.state.suspended.pop()) {
    chain.unshift(f);
    if (!f.called) break;
  }
  return chain;
}

/** Puts a chain back on the stack, marked as brought back (never twice), its question to be asked again. */
export function bringBack(turn: Turn, chain: FlowFrame[]): void {
  for (const f of chain) {
    delete f.awaiting;
    delete f.suspendedTurn;
    delete f.suspendedAt;
    f.resumed = true;
  }
  turn.state.stack.push(...chain);
}

const titleOf = (turn: Turn, chain: FlowFrame[]): string => turn.bundle.flows.get(chain[0]!.flowId)?.title ?? chain[0]!.flowId;

/** An interruption that lasted this long means the shopper has moved on: the interrupted flow is dropped without a word. */
export const MOVED_ON_AFTER_MS = 30 * 60_000;

/**
 * The buttons of the interruption's own answer (the last quick replies it sent, e.g. 修改地址 / 转人工 under a
 * tracking answer): the "还需要继续吗？" buttons replace them in the chat window, so it offers them too.
 */
function answerButtons(turn: Turn): QuickReply[] {
  const from = turn.suspension?.replyIndex ?? 0;
  const last = turn.replies.slice(from).findLast((r) => r.type === 'quick_replies');
  if (last?.type !== 'quick_replies') return [];
  return last.replies.filter((q) => q.title !== RESUME_YES && q.title !== RESUME_NO);
}

/** Asks once whether to go back to `chain` ("刚才的「尺码建议」还需要继续吗？" with 继续 / 不用了). */
function offerBack(turn: Turn, chain: FlowFrame[]): void {
  const title = titleOf(turn, chain);
  turn.state.resumeOffer = { frames: chain, title, at: turn.input.now };
  const text = render(turn, undefined, turn.bundle.settings.texts.resume_offer, { flow: title });
  turn.replies.push({ type: 'quick_replies', text, replies: [{ title: RESUME_YES }, { title: RESUME_NO }, ...answerButtons(turn)] });
}

/**
 * Called when an interrupting flow (`ended`) has finished and nothing else is active: decides what happens to the
 * flow it interrupted (Rasa's "continue interrupted" pattern, made stricter):
 * - `digression: close` flows (thanks, complaint, handoff, leave-message, unsubscribe) drop it: the shopper has moved on;
 * - so does an interruption that lasted {@link MOVED_ON_AFTER_MS} or more: dropped without a word;
 * - a related interruption (see {@link isRelatedInterruption}: the flow lists it in `related:`, the product in focus
 *   stayed the same) answered in the same turn it came in brings it back at once, announced in front of its
 *   question ("好的～我们接着刚才的继续：体重大概多少斤呢？");
 * - any other finished interruption (an unrelated request, or one that took several turns) makes the bot unsure: it
 *   asks ("刚才的「尺码建议」还需要继续吗？") and resumes only on a yes ({@link answerResumeOffer}).
 * Either way an interrupted flow comes back at most once, and older interruptions are dropped.
 */
export function afterInterruption(turn: Turn, ended: FlowDef | undefined): void {
  const { state } = turn;
  if (state.suspended.length === 0) return;
  if (ended?.digression === 'close') {
    state.suspended = [];
    return;
  }
  const chain = liveFrames(turn, takeLatestChain(turn));
  state.suspended = [];
  if (chain.length === 0) return;
  if (chain.some((f) => turn.input.now - (f.suspendedAt ?? turn.input.now) >= MOVED_ON_AFTER_MS)) return;
  if (chain.every((f) => f.suspendedTurn === state.turn) && isRelatedInterruption(turn, chain, ended)) {
    sayBefore(turn, render(turn, undefined, turn.bundle.settings.texts.resume));
    bringBack(turn, chain);
    return;
  }
  offerBack(turn, chain);
}
