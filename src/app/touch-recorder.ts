import type { BatchTurnRecorder } from '../bot/buffered-turn-recorder';
import { afterRecording } from '../bot/recorder-tap';
import type { TurnRecord } from '../bot/ports';
import type { Logger } from '../core/log';
import { conversationKey } from '../core/message';
import { touchesOf, type AttributionStore, type ChatTouch } from '../outreach/attribution';

/**
 * The conversation log's recorder, also keeping each turn's touches (product cards shown, coupon cards issued)
 * for attribution, after the turns themselves were written. A touch that cannot be written is logged and
 * dropped: the conversation log is never written twice because of it.
 *
 * @example
 * const recorder = new BufferedTurnRecorder(recordingTouches(conversations, attributionStore, logger), { logger });
 */
export function recordingTouches(
  log: BatchTurnRecorder,
  touches: Pick<AttributionStore, 'addTouches'>,
  logger: Pick<Logger, 'warn'>,
): BatchTurnRecorder {
  const keep = async (records: readonly TurnRecord[]): Promise<void> => {
    const found = records.flatMap(touchesOfTurn);
    if (found.length === 0) return;
    try {
      await touches.addTouches(found);
    } catch (err) {
      logger.warn({ err, touches: found.length }, 'chat touches not recorded: orders after them are not credited to the chat');
    }
  };
  return afterRecording(log, keep);
}

/** A turn's touches: its cards, at the time the shopper's message came in (a re-run turn gives the same ones). */
function touchesOfTurn(record: TurnRecord): ChatTouch[] {
  if (!record.userId || record.replies.length === 0) return [];
  const at = record.at?.getTime() ?? record.inbound.receivedAt;
  return touchesOf({ conversation: conversationKey(record.ref), userId: record.userId, channel: record.ref.channel, at }, record.replies);
}
