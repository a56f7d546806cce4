import { randomBytes } from 'node:crypto';
import { WechatCrypto, msgSignature } from '../../../src/kits/wechat';

/** A signed, encrypted callback request, ready to POST (tests may tamper with it). */
export interface SignedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

/** How callbacks are delivered. */
export interface PushOptions {
  /** Webhook URLs (several = a load balancer: deliveries go round-robin). */
  urls: () => string[];
  /** An answer later than this counts as lost. @defaultValue 5000 */
  timeoutMs: number;
  /** Pause between attempts. */
  retryDelayMs: number;
  /** Retries after the first attempt. @defaultValue 3 */
  retries: number;
}

/** Result of one push. */
export interface PushResult {
  attempts: number;
  delivered: boolean;
}

/** `<xml>` with every value in CDATA. */
export function xmlOf(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${inner}</xml>`;
}

/** Encrypt and sign an inner message the way WeCom does (receiveid = corpId). */
export function signCallback(crypto: WechatCrypto, inner: string, timestampSec: number): SignedCallback {
  const encrypt = crypto.encrypt(inner);
  const timestamp = String(timestampSec);
  const nonce = randomBytes(6).toString('hex');
  const body = xmlOf({ ToUserName: crypto.appId, Encrypt: encrypt, AgentID: '' });
  return { query: { msg_signature: msgSignature(crypto.token, timestamp, nonce, encrypt), timestamp, nonce }, body };
}

/** POST one signed callback to `url`; resolves with the HTTP status and body text. */
export async function postCallback(url: string, callback: SignedCallback, timeoutMs = 5000): Promise<{ status: number; text: string }> {
  const query = new URLSearchParams(callback.query).toString();
  const response = await fetch(`${url}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: callback.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Delivers callbacks like WeCom: an answer other than "success" in time (or a lost one) is retried, up to
 * `retries` times; several URLs are used round-robin.
 */
export class CallbackPusher {
  private next = 0;
  /** Answers to pretend were lost (the webhook got the request, the fake "never saw" the reply). */
  loseAnswers = 0;
  readonly log: { url: string; status: number | 'timeout' | 'lost' }[] = [];

  constructor(private readonly options: PushOptions) {}

  async push(callback: SignedCallback): Promise<PushResult> {
    for (let attempt = 1; attempt <= 1 + this.options.retries; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      const urls = this.options.urls();
      const url = urls[this.next++ % urls.length]!;
      if (await this.attempt(url, callback)) return { attempts: attempt, delivered: true };
    }
    return { attempts: 1 + this.options.retries, delivered: false };
  }

  private async attempt(url: string, callback: SignedCallback): Promise<boolean> {
    try {
      const { status, text } = await postCallback(url, callback, this.options.timeoutMs);
      if (this.loseAnswers > 0) {
        this.loseAnswers -= 1;
        this.log.push({ url, status: 'lost' });
        return false;
      }
      this.log.push({ url, status });
      return status === 200 && text.trim() === 'success';
    } catch {
      this.log.push({ url, status: 'timeout' });
      return false;
    }
  }
}
