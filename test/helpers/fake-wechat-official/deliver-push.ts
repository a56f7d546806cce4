import { signPush, type FakeApp, type SignedPush } from './build-push';
import { readReply, type ReplyVerdict } from './read-reply';

/** One HTTP attempt of a push, as WeChat saw it. */
export interface DeliveryAttempt {
  /** HTTP status, 0 when the attempt timed out or could not connect. */
  status: number;
  body: string;
  /** `timeout` or the connection error, when there was no answer. */
  error?: string;
  /** How WeChat judged a 200 answer. */
  verdict?: ReplyVerdict;
}

/** How to deliver one serialised push. */
export interface DeliveryOptions {
  safe: boolean;
  format: 'xml' | 'json';
  /** Shopper openid (for the `openid` query parameter and reply checks). */
  openid: string;
  /** Time WeChat waits for an answer before retrying. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Unix seconds put in the query (once: every retry of a push reuses its URL). */
  timestamp: () => number;
  /** Changes the signed query before sending (tests of forged requests); applies to every attempt. */
  tamper?: (query: URLSearchParams) => void;
}

async function attempt(url: string, signed: SignedPush, o: DeliveryOptions, app: FakeApp): Promise<DeliveryAttempt> {
  const contentType = o.format === 'json' ? 'application/json' : 'text/xml';
  try {
    const response = await fetch(`${url}?${signed.query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: signed.body,
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    const text = await response.text();
    const verdict = response.status === 200 ? readReply(app, o.openid, text, o) : undefined;
    return { status: response.status, body: text, verdict };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { status: 0, body: '', error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message) };
  }
}

/**
 * POSTs a push to the webhook like WeChat: waits `timeoutMs` for an answer, and unless it got "success", an empty
 * body or a valid passive reply, retries up to `retries` times. A push is signed (and encrypted) once: its retries
 * are the same request again, same URL (timestamp, nonce, signatures) and same body.
 */
export async function deliverPush(url: string, app: FakeApp, body: string, o: DeliveryOptions): Promise<DeliveryAttempt[]> {
  const signed = signPush(app, body, { safe: o.safe, format: o.format, timestamp: o.timestamp(), openid: o.openid });
  o.tamper?.(signed.query);
  const attempts: DeliveryAttempt[] = [];
  for (let i = 0; i <= o.retries; i++) {
    const result = await attempt(url, signed, o, app);
    attempts.push(result);
    if (result.status === 200 && result.verdict?.kind !== 'invalid') break;
  }
  return attempts;
}
