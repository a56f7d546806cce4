import type { Redis } from 'ioredis';
import type { Logger } from '../log';

/** Options of {@link DurableInbox}. */
export interface DurableInboxOptions {
  /** Commands go through it; blocking reads use a duplicate of it. */
  redis: Redis;
  /** Redis stream key, e.g. `kefu:inbox:wechat-official`. One per channel. */
  key: string;
  logger: Logger;
  /** Consumer group shared by every kefu process. @defaultValue 'kefu' */
  group?: string;
  /** This process's consumer name. @defaultValue `<hostname>-<pid>-<random>` */
  consumer?: string;
  /** Turns run at once by this process; more wait in Redis. @defaultValue 32 */
  concurrency?: number;
  /**
   * An entry taken but not finished for this long is taken over (its process died, or its turn runs long: then its
   * message claim is still held and the entry is given back unrun). Must be longer than `messageLeaseMs`, or a dead
   * process's entry would still find its claim held and wait another `claimIdleMs`: the constructor throws otherwise.
   * Entries waiting behind an earlier message of their conversation are kept fresh meanwhile.
   * @defaultValue 60_000
   */
  claimIdleMs?: number;
  /**
   * The lease of the message claims the handler's turns take (the bot's `claimLeaseSeconds` × 1000), checked
   * against `claimIdleMs` at construction. @defaultValue 30_000 (`DEFAULT_CLAIM_LEASE_SECONDS`)
   */
  messageLeaseMs?: number;
  /** The stream is trimmed to about this many entries. @defaultValue 100_000 */
  maxLength?: number;
  /** How long one blocking read waits (bounds how fast stop() returns). @defaultValue 250 */
  blockMs?: number;
  /**
   * Runs of one message in all (here, or in processes that died holding it) before it is dropped: a turn that
   * throws is run again after `retryDelayMs × attempt`, so a passing fault (a conversation lock held too long, a
   * database hiccup) heals, and a message that kills every process running it stops doing so. @defaultValue 3
   */
  maxAttempts?: number;
  /** Wait before a failed turn's next attempt, times the attempt number. @defaultValue 1000 */
  retryDelayMs?: number;
  /** {@link DurableInbox.health} is not ok once reads have been failing this long. @defaultValue 5000 */
  unhealthyAfterMs?: number;
}

/** What a script needs to keep messages in a {@link DurableInbox} (see {@link DurableInbox.entriesFor}). */
export interface InboxEntries {
  /** The inbox's stream key. */
  key: string;
  /** Approximate MAXLEN to trim the stream to. */
  maxLength: number;
  /** One serialised message per entry (field `m`). */
  entries: string[];
}
