/**
 * Shopper messages the agent inbox has shown, by conversation and message id, so a message whose turn threw (shown
 * from its failed run) is not shown again when its re-run is logged. Kept in memory, the latest `limit` of them: a
 * thrown turn is re-run by the same process within seconds (the durable inbox's retries), so its records pass here
 * one after the other; only a re-run in another process after a crash may show a message a second time.
 *
 * @example
 * const shown = new ShownMessages();
 * shown.add('web:-:c1', 'm-1'); // from the failed run
 * shown.has('web:-:c1', 'm-1'); // true: its re-runs show nothing new
 */
export class ShownMessages {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = 1000) {}

  /** Message `id` of `conversation` was shown. */
  add(conversation: string, id: string): void {
    this.keys.add(`${conversation} ${id}`);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
  }

  /** Whether message `id` of `conversation` was shown. */
  has(conversation: string, id: string): boolean {
    return this.keys.has(`${conversation} ${id}`);
  }
}
