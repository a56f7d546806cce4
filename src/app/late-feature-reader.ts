import { KefuError } from '../core/errors';
import type { FeatureReader, Features } from '../profiles/features';

/**
 * The FeatureReader of intent prediction's due-time check, handed over when the feature store is built
 * (`use(store)`), so the outreach workers can be wired before the event pipeline exists.
 *
 * @example
 * const reader = new LateFeatureReader();
 * reader.use(featureStore);
 * await reader.features('u1');
 */
export class LateFeatureReader implements FeatureReader {
  private reader?: FeatureReader;

  /** Read from `reader` from now on. */
  use(reader: FeatureReader): void {
    this.reader = reader;
  }

  features(userId: string, now?: number): Promise<Features> {
    if (!this.reader) {
      throw new KefuError(
        'NO_FEATURE_READER',
        `Intent prediction has no feature store to re-check shopper '${userId}' against.`,
        'call core.useFeatureReader(featureStore) where the event pipeline builds its feature store (src/app/create-kefu.ts).',
      );
    }
    return this.reader.features(userId, now);
  }
}
