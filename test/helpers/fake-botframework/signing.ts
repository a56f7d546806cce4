import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

/** An RSA key pair for tests: `published` ones are listed in the fake's JWKS, others sign "badly signed" tokens. */
export interface TestKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK & { endorsements?: string[] };
}

/** A fresh RS256 key pair with a key id, endorsed for `endorsements` (Bot Framework channels; Entra keys have none). */
export async function makeTestKey(kid: string, endorsements?: string[]): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, kty: 'RSA', use: 'sig', ...(endorsements && { endorsements }) };
  return { kid, privateKey, jwk };
}

/** Claims of a channel token; each can be overridden to make a bad one. */
export interface TokenClaims {
  iss?: string;
  aud?: string;
  /** The `serviceurl` claim; '' leaves it out. */
  serviceurl?: string;
  /** Seconds from now until it expires (negative: already expired). @defaultValue 3600 */
  expiresIn?: number;
}

/** Signs a channel-service token as the Bot Framework does (RS256, the key's kid in the header). */
export async function signToken(key: TestKey, claims: TokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {};
  if (claims.serviceurl) payload.serviceurl = claims.serviceurl;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? 'https://api.botframework.com')
    .setAudience(claims.aud ?? 'unset')
    .setIssuedAt(now - 10)
    .setNotBefore(now - 10)
    .setExpirationTime(now + (claims.expiresIn ?? 3600))
    .sign(key.privateKey);
}
