import type { Logger } from '../../src/index';
import type { LiveComment, LivePlatform, LiveProduct } from './live-types';

/** One buying-intent comment, handed to the core. */
export interface PurchaseIntent {
  platform: LivePlatform;
  /** The commenter's platform id (the identity kefu looks up: channel = platform, externalId = uid). */
  uid: string;
  room: string;
  product?: Pick<LiveProduct, 'id' | 'title' | 'link'>;
  text: string;
  at: number;
}

/**
 * What the live adapter needs from the core for private follow-ups (wired in src/main.ts): for a commenter linked
 * to a kefu user, schedule the `live_followup` outreach (the policy ledger decides at due time); otherwise say so.
 */
export interface LiveFollowUpPort {
  purchaseIntent(intent: PurchaseIntent): Promise<'scheduled' | 'duplicate' | 'unlinked'>;
}

/** Options of {@link BuyerFollowUps}. */
export interface BuyerFollowUpsOptions {
  platform: LivePlatform;
  port?: LiveFollowUpPort;
  logger: Logger;
  /** Most look-ups in flight; more buyers meanwhile are counted as not followed (memory stays bounded). @defaultValue 64 */
  maxInFlight?: number;
  /** Buyers remembered (a viewer writing 拍了 ten times is looked up once). @defaultValue 50000 */
  maxRemembered?: number;
  onResult(result: 'scheduled' | 'duplicate' | 'unlinked' | 'failed'): void;
}

/**
 * Hands buying-intent comments to the core once per viewer and product: a viewer the platform masks (no uid) is
 * unlinked at once; the rest are looked up with at most `maxInFlight` calls at a time.
 *
 * @example
 * followUps.note(comment, product);
 */
export class BuyerFollowUps {
  private readonly seen = new Map<string, true>();
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxRemembered: number;

  constructor(private readonly options: BuyerFollowUpsOptions) {
    this.maxInFlight = options.maxInFlight ?? 64;
    this.maxRemembered = options.maxRemembered ?? 50_000;
  }

  /** Note a buying-intent comment (fire and forget). */
  note(comment: LiveComment, product: LiveProduct | undefined): void {
    const key = `${comment.uid}\u0000${product?.id ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.set(key, true);
    if (this.seen.size > this.maxRemembered) this.seen.delete(this.seen.keys().next().value!);
    const port = this.options.port;
    if (!port || !comment.uid || comment.uid === '0') return this.options.onResult('unlinked');
    if (this.inFlight >= this.maxInFlight) {
      this.seen.delete(key); // not followed now: the viewer's next 拍了 tries again
      return;
    }
    this.inFlight += 1;
    const intent: PurchaseIntent = {
      platform: this.options.platform,
      uid: comment.uid,
      room: comment.room,
      product: product ? { id: product.id, title: product.title, link: product.link } : undefined,
      text: comment.text,
      at: comment.receivedAt,
    };
    port
      .purchaseIntent(intent)
      .then((r) => this.options.onResult(r))
      .catch((err: unknown) => {
        this.seen.delete(key);
        this.options.logger.warn({ err, room: comment.room }, 'live follow-up not scheduled; the next buying comment tries again');
        this.options.onResult('failed');
      })
      .finally(() => (this.inFlight -= 1));
  }
}
