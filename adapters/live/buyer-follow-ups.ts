import type { Logger } from '../../src/index';
import type { LiveComment, LivePlatform, LiveProduct } from './live-types';

/** One buying-intent comment, handed to the core. */
export interface PurchaseIntent {
  platform: LivePlatform;
  /** The commenter's platform id (the identity kefu looks up: channel = platform, externalId = uid). */
  uid: string;
  room: string;
  /** The product the comment names (link number, title or alias); absent when it names none (我要下单). */
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
  /**
   * The core's rolling follow-up window, ms: a buyer is followed up once per product in it (a stream running past
   * midnight is one window), and again once it has passed. @defaultValue {@link FOLLOW_UP_WINDOW_MS} (24 h)
   */
  windowMs?: number;
}

/** A buyer's buying comments within this long of the first are one follow-up (the core keeps the same window). */
export const FOLLOW_UP_WINDOW_MS = 24 * 3_600_000;

/** What became of one buying-intent comment: `not_followed` when too many look-ups were in flight or one failed. */
export type FollowUpResult = 'scheduled' | 'duplicate' | 'unlinked' | 'not_followed';

/** Options of {@link BuyerFollowUps}. */
export interface BuyerFollowUpsOptions {
  platform: LivePlatform;
  port?: LiveFollowUpPort;
  logger: Logger;
  /** Most look-ups in flight; more buyers meanwhile are reported `not_followed` (memory stays bounded). @defaultValue 64 */
  maxInFlight?: number;
  /** Buyers remembered (a viewer writing 拍了 ten times is looked up once). @defaultValue 50000 */
  maxRemembered?: number;
  onResult(result: FollowUpResult): void;
}

/**
 * Hands buying-intent comments to the core once per viewer and product in a rolling window (the port's `windowMs`,
 * 24 h from the first comment; not a calendar day, since streams run past midnight): a viewer the platform masks
 * (no uid) is unlinked at once, once per comment (masked viewers cannot be told apart, and masked names repeat); the
 * rest are looked up with at most `maxInFlight` calls at a time. A comment that names no product (我要下单) goes on
 * without one (the core asks which one they want), once per viewer in the window, and not within the window after
 * the viewer named a product.
 *
 * @example
 * followUps.note(comment, productOf(comment.text, products));
 */
export class BuyerFollowUps {
  /** Viewer (and product) → when their window started (the comment's receivedAt), least recently noted first. */
  private readonly seen = new Map<string, number>();
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxRemembered: number;

  constructor(private readonly options: BuyerFollowUpsOptions) {
    this.maxInFlight = options.maxInFlight ?? 64;
    this.maxRemembered = options.maxRemembered ?? 50_000;
  }

  /** Note a buying-intent comment and the product it names, if any (fire and forget). */
  note(comment: LiveComment, product: LiveProduct | undefined): void {
    if (!comment.uid || comment.uid === '0') return this.options.onResult('unlinked');
    const port = this.options.port;
    const at = comment.receivedAt;
    const key = `${comment.uid}\u0000${product?.id ?? ''}`;
    const started = this.seen.get(key);
    if (started !== undefined && at < started + (port?.windowMs ?? FOLLOW_UP_WINDOW_MS)) return;
    this.remember(key, at);
    if (product) this.remember(`${comment.uid}\u0000`, at); // named a product: no "which one?" follow-up in the window
    if (!port) return this.options.onResult('unlinked');
    if (this.inFlight >= this.maxInFlight) {
      this.seen.delete(key); // not followed now: the viewer's next 拍了 tries again
      return this.options.onResult('not_followed');
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
        this.options.onResult('not_followed');
      })
      .finally(() => (this.inFlight -= 1));
  }

  private remember(key: string, at: number): void {
    this.seen.delete(key);
    this.seen.set(key, at);
    if (this.seen.size > this.maxRemembered) this.seen.delete(this.seen.keys().next().value!);
  }
}
