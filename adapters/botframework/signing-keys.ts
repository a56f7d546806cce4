import type { JWK } from 'jose';
import { DependencyError } from '../../src/index';

/** A JWKS entry of the Bot Framework: `endorsements` lists the channels (msteams, webchat, …) the key may sign for. */
export type EndorsedJwk = JWK & { endorsements?: string[] };

const REFRESH_MS = 24 * 3_600_000;
/** An unknown key id makes the keys be fetched again, at most this often (keys roll over, but a bad kid must not flood the endpoint). */
const UNKNOWN_KID_REFETCH_MS = 5 * 60_000;

/**
 * The signing keys an OpenID metadata document points at (`jwks_uri`), fetched on first use, kept a day, fetched again
 * when a token names a key id not seen yet (at most every 5 minutes); concurrent fetches share one request.
 *
 * @example
 * const keys = new SigningKeys('https://login.botframework.com/v1/.well-known/openidconfiguration', 10_000);
 * const jwk = await keys.find(kid);
 */
export class SigningKeys {
  private keys = new Map<string, EndorsedJwk>();
  private fetchedAt = 0;
  private inflight?: Promise<void>;

  constructor(
    readonly metadataUrl: string,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key with this id, or undefined when the metadata lists none. */
  async find(kid: string): Promise<EndorsedJwk | undefined> {
    const age = this.now() - this.fetchedAt;
    if (this.fetchedAt === 0 || age > REFRESH_MS || (!this.keys.has(kid) && age > UNKNOWN_KID_REFETCH_MS)) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async load(): Promise<void> {
    const metadata = (await this.getJson(this.metadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw this.failure('the OpenID metadata has no jwks_uri');
    const jwks = (await this.getJson(metadata.jwks_uri)) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw this.failure('the JWKS has no keys');
    const keys = new Map<string, EndorsedJwk>();
    for (const key of jwks.keys as EndorsedJwk[]) if (typeof key?.kid === 'string') keys.set(key.kid, key);
    this.keys = keys;
    this.fetchedAt = this.now();
  }

  private async getJson(url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw this.failure(`${url} could not be reached`, err);
    }
    if (!res.ok) throw this.failure(`${url} answered ${res.status}`);
    return res.json();
  }

  private failure(what: string, cause?: unknown): DependencyError {
    return new DependencyError(
      'botframework signing keys',
      `${what}.`,
      'check that this server reaches the OpenID metadata URL (KEFU_BOTFRAMEWORK_OPENID_URL) over HTTPS.',
      { cause },
    );
  }
}
