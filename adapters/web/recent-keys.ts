/**
 * A bounded set of recently seen keys (oldest forgotten first), e.g. idempotency keys of sent replies.
 *
 * @example
 * const keys = new RecentKeys(1000);
 * keys.add('job-1@1'); // true: first time
 * keys.add('job-1@1'); // false: seen
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  /** Whether `key` is remembered. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Remember `key`; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) {
      const [oldest] = this.keys;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }
}
