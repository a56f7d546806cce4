import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { KefuError } from '../../src/index';
import { BOT_FRAMEWORK_ISSUER } from './constants';
import { SigningKeys, type EndorsedJwk } from './signing-keys';

/** A request whose token did not pass; `reason` is safe to answer with (it names no secret). */
export class UnauthorizedError extends KefuError {
  constructor(
    readonly reason: string,
    hint = "the Bot Framework channel service signs every request; check the bot's Microsoft App ID (KEFU_BOTFRAMEWORK_APP_ID).",
  ) {
    super('UNAUTHORIZED', reason, hint);
  }
}

/** A verified channel token: its claims and the channels its signing key is endorsed for. */
export interface VerifiedToken {
  claims: JWTPayload;
  endorsements?: string[];
}

/** Allowed clock skew between the channel service and this server (botbuilder allows 5 minutes). */
const CLOCK_TOLERANCE_SEC = 300;

/**
 * Checks the `Authorization: Bearer <jwt>` of a request from a Bot Framework channel: RS256, signed by a key of the
 * issuer's OpenID metadata, audience the bot's App ID, not expired; then {@link RequestAuthenticator.checkActivity}
 * matches the Activity against it (serviceUrl claim, channel endorsement).
 *
 * @example
 * const auth = new RequestAuthenticator(appId, [{ issuers: ['https://api.botframework.com'], metadataUrl }], 10_000);
 * const token = await auth.verify(request.headers.authorization);
 * auth.checkActivity(token, activity);
 */
export class RequestAuthenticator {
  private readonly trust: { issuers: string[]; keys: SigningKeys }[];
  /** Imported public keys, per JWKS entry (a refetch makes new entries). */
  private readonly imported = new WeakMap<EndorsedJwk, Promise<Awaited<ReturnType<typeof importJWK>>>>();

  constructor(
    private readonly appId: string,
    trust: { issuers: string[]; metadataUrl: string }[],
    timeoutMs: number,
  ) {
    this.trust = trust.map((t) => ({ issuers: t.issuers, keys: new SigningKeys(t.metadataUrl, timeoutMs) }));
  }

  /** Verifies the bearer token; throws {@link UnauthorizedError} saying why it was refused. */
  async verify(authorization: string | undefined): Promise<VerifiedToken> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthorizedError('missing bearer token');
    const token = match[1]!;
    let kid: string | undefined;
    let issuer: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
      issuer = decodeJwt(token).iss;
    } catch {
      throw new UnauthorizedError('malformed token');
    }
    const source = this.trust.find((t) => issuer !== undefined && t.issuers.includes(issuer));
    if (!source) throw new UnauthorizedError('token from an untrusted issuer');
    if (!kid) throw new UnauthorizedError('token without a key id');
    const jwk: EndorsedJwk | undefined = await source.keys.find(kid);
    if (!jwk) throw new UnauthorizedError('token signed by an unknown key');
    try {
      const key = await this.importKey(jwk);
      const { payload } = await jwtVerify(token, key, {
        issuer: source.issuers,
        audience: this.appId,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SEC,
        requiredClaims: ['exp'],
      });
      return { claims: payload, ...(jwk.endorsements && { endorsements: jwk.endorsements }) };
    } catch (err) {
      throw new UnauthorizedError(`token refused (${(err as { code?: string }).code ?? 'invalid'})`);
    }
  }

  private importKey(jwk: EndorsedJwk): Promise<Awaited<ReturnType<typeof importJWK>>> {
    let key = this.imported.get(jwk);
    if (!key) this.imported.set(jwk, (key = importJWK({ ...jwk, alg: 'RS256' }, 'RS256')));
    return key;
  }

  /**
   * The Activity must come from where the token says: its serviceUrl equals the token's `serviceurl` claim (replies go
   * to that URL), and the signing key is endorsed for its channel (when the key lists any). Tokens of the Bot Framework
   * channel service (issuer `https://api.botframework.com`) must carry the claim, as botbuilder's ChannelValidation
   * requires; a single-tenant bot's Entra tokens have none, and are checked against it only when they do.
   */
  checkActivity(token: VerifiedToken, activity: { serviceUrl?: string; channelId?: string }): void {
    const claimed = token.claims['serviceurl'] ?? token.claims['serviceUrl'];
    if (claimed === undefined && token.claims.iss === BOT_FRAMEWORK_ISSUER)
      throw new UnauthorizedError('token has no serviceurl claim (the Bot Framework channel service always sets it)');
    if (claimed !== undefined && (typeof claimed !== 'string' || sameUrl(claimed) !== sameUrl(activity.serviceUrl ?? '')))
      throw new UnauthorizedError('serviceUrl does not match the token');
    if (token.endorsements && !token.endorsements.includes(activity.channelId ?? ''))
      throw new UnauthorizedError('signing key not endorsed for this channel');
  }
}

const sameUrl = (url: string): string => url.trim().replace(/\/+$/, '').toLowerCase();
