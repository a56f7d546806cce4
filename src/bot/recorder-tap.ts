import type { BatchTurnRecorder } from './buffered-turn-recorder';
import type { TurnRecord } from './ports';

/**
 * A recorder that writes turns to `log` and then hands the same turns to `then` (touches for attribution, service
 * sessions for the KPIs). `then` runs after the turns are written and must not throw: what it keeps is derived data,
 * and the conversation log is never written twice because of it.
 *
 * @example
 * const recorder = afterRecording(conversations, async (records) => void (await store.add(records)));
 */
export function afterRecording(log: BatchTurnRecorder, then: (records: readonly TurnRecord[]) => Promise<void>): BatchTurnRecorder {
  return {
    async recordTurn(record) {
      await log.recordTurn(record);
      await then([record]);
    },
    async recordTurns(records) {
      if (log.recordTurns) await log.recordTurns(records);
      else for (const record of records) await log.recordTurn(record);
      await then(records);
    },
  };
}
