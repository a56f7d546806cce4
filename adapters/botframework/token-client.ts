import { DependencyError } from '../../src/index';
import { CONNECTOR_SCOPE } from './constants';

/** The App ID's credentials and where to trade them for a token. */
export interface TokenCredentials {
  appId: string;
  appPassword: string;
  tokenUrl: string;
}

/** Tokens are renewed this long before they expire. */
const EARLY_MS = 5 * 60_000;

/**
 * The bearer token replies go out with: an OAuth client-credentials token for the Bot Connector scope, fetched from
 * the Entra token endpoint, kept until shortly before it expires, one fetch at a time for all callers.
 *
 * @example
 * const tokens = new TokenClient({ appId, appPassword, tokenUrl }, 10_000);
 * const bearer = await tokens.token();
 */
export class TokenClient {
  private cached?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;
  /** How many tokens this process fetched (health, tests). */
  fetches = 0;
  /** When the token in use expires (ms), for status(). */
  get expiresAt(): number | undefined {
    return this.cached?.expiresAt;
  }

  constructor(
    private readonly credentials: TokenCredentials,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token (cached, or fetched once for everyone asking meanwhile). */
  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && cached.expiresAt - EARLY_MS > this.now()) return cached.token;
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Forget the cached token (the connector refused it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const { appId, appPassword, tokenUrl } = this.credentials;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: appId,
      client_secret: appPassword,
      scope: CONNECTOR_SCOPE,
    });
    let res: Response;
    try {
      this.fetches++;
      res = await fetch(tokenUrl, { method: 'POST', body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new DependencyError(
        'botframework token endpoint',
        `${tokenUrl} could not be reached.`,
        'check the network path to the Entra login endpoint (KEFU_BOTFRAMEWORK_LOGIN_URL).',
        { cause: err },
      );
    }
    const answer = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof answer.access_token !== 'string')
      throw new DependencyError(
        'botframework token endpoint',
        `no token (HTTP ${res.status}${typeof answer.error === 'string' ? `, ${answer.error}` : ''}).`,
        'check KEFU_BOTFRAMEWORK_APP_ID / _PASSWORD (a client secret that has not expired) and, for a single-tenant bot, KEFU_BOTFRAMEWORK_TENANT.',
      );
    const seconds = Number(answer.expires_in);
    this.cached = { token: answer.access_token, expiresAt: this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000 };
    return answer.access_token;
  }
}
