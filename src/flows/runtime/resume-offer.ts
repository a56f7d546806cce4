import { buildContext } from './context';
import { bringBack, liveFrames, RESUME_NO } from './digression';
import { render } from './render';
import { runActive } from './run-loop';
import { matchTriggers } from './select-trigger';
import { parseYesNo } from './slot-fill';
import { sayText, type Turn } from './turn';

/** A "还需要继续吗？" left unanswered this long is forgotten. */
export const RESUME_OFFER_TTL_MS = 30 * 60_000;

/** A flow started by an event or by outreach makes an open "还需要继续吗？" or "您是想问哪一项？" stale. */
export function forgetPendingQuestions(turn: Turn): void {
  delete turn.state.resumeOffer;
  delete turn.state.clarifying;
}

const YES = /^(继续|接着|接着来|继续吧|好|好的|好滴|嗯|嗯嗯|要|要的|是|是的|可以|行|ok|okay|yes)[呀啊吧哦～~！!。.]*$/i;

/**
 * The shopper's answer to "还需要继续吗？": a yes brings the interrupted flow back (its question asked again); a no
 * is acknowledged; anything else means the shopper has moved on: the offer is dropped and the message handled as
 * usual. Returns true when the message was the answer.
 */
export async function answerResumeOffer(turn: Turn): Promise<boolean> {
  const offer = turn.state.resumeOffer;
  if (!offer) return false;
  delete turn.state.resumeOffer;
  // Only an answer to the last thing the bot asked, and only while the interrupted flow still exists.
  if (turn.state.stack.length > 0 || turn.input.now - offer.at > RESUME_OFFER_TTL_MS) return false;
  const frames = liveFrames(turn, offer.frames);
  if (frames.length === 0) return false;
  const text = turn.text.trim();
  const otherRequest = matchTriggers(turn.bundle, { text, recognition: turn.input.recognition, ctx: buildContext(turn) }).some((m) => !m.flow.small_talk);
  if (otherRequest) return false;
  if (YES.test(text)) {
    bringBack(turn, frames);
    await runActive(turn);
    return true;
  }
  if (text === RESUME_NO || (text.length <= 6 && parseYesNo(text) === false)) {
    sayText(turn, render(turn, undefined, turn.bundle.settings.texts.resume_declined));
    return true;
  }
  return false;
}
