import type { Logger } from 'pino';
import type { TurnRecord, TurnRecorder } from './ports';

/** A recorder that can also write many turns at once. */
export interface BatchTurnRecorder extends TurnRecorder {
  recordTurns?(records: TurnRecord[]): Promise<void>;
}

/** Options of {@link BufferedTurnRecorder}. */
export interface BufferedTurnRecorderOptions {
  /** Flush when this many turns are waiting. @defaultValue 200 */
  maxBatch?: number;
  /** Flush at the latest this long after the first waiting turn. @defaultValue 20 */
  maxDelayMs?: number;
  logger: Logger;
}

/**
 * Write-behind for the conversation log: a turn's record is queued and written with others in one
 * transaction a few milliseconds later, so the database is off the reply's path and a busy shop
 * writes a few transactions a second instead of one per message. Batches are written in order.
 * A failed batch is retried once, turn by turn; what still fails is logged with its conversation.
 * Call {@link flush} before reading the log back and {@link close} on shutdown.
 */
export class BufferedTurnRecorder implements TurnRecorder {
  private pending: TurnRecord[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly target: BatchTurnRecorder,
    private readonly options: BufferedTurnRecorderOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 20;
  }

  async recordTurn(record: TurnRecord): Promise<void> {
    this.pending.push(record);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Write everything queued so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Flush and stop. */
  async close(): Promise<void> {
    await this.flush();
  }

  private async write(batch: TurnRecord[]): Promise<void> {
    try {
      if (this.target.recordTurns) await this.target.recordTurns(batch);
      else for (const record of batch) await this.target.recordTurn(record);
      return;
    } catch (error) {
      this.options.logger.warn({ err: error, turns: batch.length }, 'conversation log batch failed; retrying turn by turn');
    }
    for (const record of batch) {
      try {
        await this.target.recordTurn(record);
      } catch (error) {
        this.options.logger.error(
          { err: error, channel: record.ref.channel, conversation: record.ref.conversationId },
          'turn not recorded',
        );
      }
    }
  }
}
