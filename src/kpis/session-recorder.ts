import type { BatchTurnRecorder } from '../bot/buffered-turn-recorder';
import { afterRecording } from '../bot/recorder-tap';
import type { TurnRecord } from '../bot/ports';
import type { Logger } from '../core/log';
import { sessionTurnOf, type SessionTurn } from './session-turn';

/** Where session turns go (TypeormServiceSessions). */
export interface SessionSink {
  record(turns: readonly SessionTurn[]): Promise<void>;
}

/**
 * A recorder that also keeps the service sessions the KPIs are computed from, after the turns themselves were
 * written. Sessions that cannot be written are logged and dropped: the conversation log is never written twice
 * because of them (the KPIs then miss those turns).
 *
 * @example
 * const recorder = new BufferedTurnRecorder(recordingSessions(conversations, new TypeormServiceSessions(ds, tz), logger), { logger });
 */
export function recordingSessions(log: BatchTurnRecorder, sessions: SessionSink, logger: Pick<Logger, 'warn'>): BatchTurnRecorder {
  const keep = async (records: readonly TurnRecord[]): Promise<void> => {
    const turns = records.flatMap((record) => sessionTurnOf(record) ?? []);
    if (turns.length === 0) return;
    try {
      await sessions.record(turns);
    } catch (err) {
      logger.warn({ err, turns: turns.length }, 'service sessions not recorded: the service KPIs miss these turns');
    }
  };
  return afterRecording(log, keep);
}
