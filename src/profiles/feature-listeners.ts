import type { FeatureChange, FeatureListener } from './features';

/**
 * The listeners told after each consumed batch (intent prediction plugs in with {@link add}). Empty by default:
 * then consumers skip reading the changed shoppers' features at all.
 *
 * @example
 * const listeners = new FeatureListeners(core.featureListeners); // intent prediction pushes its listener there
 * await listeners.onFeatures(changes);
 */
export class FeatureListeners implements FeatureListener {
  /** @param listeners the live list to tell (e.g. `core.featureListeners`; listeners pushed later are told too) */
  constructor(private readonly listeners: FeatureListener[] = []) {}

  /** Add a listener; returns a function that removes it. */
  add(listener: FeatureListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Whether anyone listens. */
  get size(): number {
    return this.listeners.length;
  }

  /** Tell every listener (in the order added); one that throws does not stop the others, its error is rethrown after. */
  async onFeatures(changes: readonly FeatureChange[]): Promise<void> {
    if (changes.length === 0) return;
    const results = await Promise.allSettled(this.listeners.map((l) => l.onFeatures(changes)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
