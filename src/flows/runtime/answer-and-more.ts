import type { FlowFrame } from '../../core/conversation-state';
import type { Recognition } from '../../core/recognizer';
import type { AskStep } from '../types';
import { buildContext } from './context';
import { flowOf } from './frames';
import { clauseRecognition, focusOnClause } from './request-queue';
import { selectFlow, type TriggerMatch } from './select-trigger';
import type { Turn } from './turn';

/** Another request the shopper added to an answer ("110，对了我的快递到哪了"): its flow and its words. */
export interface AddedRequest {
  match: TriggerMatch;
  text: string;
  recognition: Recognition;
}

/** Characters that only join the answer to what follows. */
const JOINERS = /^[\s，,。.；;！!？?～~、]*(对了|另外|顺便|还有|然后|那|再问一下|再问下)?[\s，,。.；;！!？?～~、]*/u;

/**
 * What is left of the message after the answer filled the slot (the used part blanked out), when it asks for another
 * flow on its own: a keyword or regex trigger, or an intent of the part recognised alone. Free-text and product
 * answers take the whole message, so they never leave a request behind.
 */
export async function addedRequest(turn: Turn, frame: FlowFrame, step: AskStep): Promise<AddedRequest | undefined> {
  if (step.expect === 'text' || step.expect === 'product') return undefined;
  const flow = flowOf(turn, frame);
  if (!flow?.interruptible) return undefined;
  let rest = turn.unused.text;
  // "不用转人工 给我退货" answering 需要转人工吗: the no refuses what follows it up to the first break (转人工).
  let word = 0; // where the yes/no word ends: the leading part the answer blanked out
  while (word < rest.length && rest[word] === ' ' && (turn.text[word] !== ' ' || word === 0)) word++;
  if (frame.slots[step.slot] === false && word > 0 && /^[^\s，,。.；;！!？?～~、]/u.test(turn.text.slice(word))) {
    rest = rest.replace(/^\s*[^\s，,。.；;！!？?～~、]+/u, ' ');
  }
  const text = rest.replace(/\s+/g, ' ').trim().replace(JOINERS, '').trim();
  if ([...text].length < 2 || text === turn.text.trim()) return undefined;
  const recognition = await clauseRecognition(turn, text);
  const match = selectFlow(turn.bundle, { text, recognition, ctx: buildContext(turn) }, flow.id);
  return match && !match.flow.small_talk ? { match, text, recognition } : undefined;
}

/** Makes the rest of the turn about the added request (its own words, entities and recognition). */
export function turnToAddedRequest(turn: Turn, added: AddedRequest): void {
  focusOnClause(turn, added.text, added.recognition);
}
