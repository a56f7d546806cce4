export { AccessTokenCache, withAccessToken, ACCESS_TOKEN_ERRORS } from './access-token-cache';
export type { AccessTokenCacheOptions, FetchedToken } from './access-token-cache';
