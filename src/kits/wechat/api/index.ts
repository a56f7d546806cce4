export { AccessTokenCache, withAccessToken, ACCESS_TOKEN_ERRORS } from './access-token-cache';
export type { AccessTokenCacheOptions, FetchedToken } from './access-token-cache';
export { fetchImage, sniffImageType, safeImageUrl, ImageFetchError, MAX_WECHAT_IMAGE_BYTES } from './fetch-image';
export type { FetchImageOptions, FetchedImage, ImageFetchReason, ImageType } from './fetch-image';
export { WechatImageMedia, checkImageSettings, imageUploadForm, TEMP_MEDIA_LIFETIME_SEC } from './image-media';
export type { ImageMediaSettings, WechatImageMediaOptions, ImageMediaId } from './image-media';
export {
  mediaFetchDispatcher,
  parseAllowHosts,
  allowHostsProblems,
  MediaHostBlockedError,
  MEDIA_FETCH_ALLOW_HOSTS_ENV,
} from './media-fetch-guard';
export { blockedAddressRange } from './blocked-address';
export { TokenHealth, tokenErrorHintZh } from './token-health';
