/** The core's public face: everything adapters may import. Keep this a list of `export … from`. */
export * from './core/message';
export * from './core/channel-adapter';
export * from './core/errors';
export { createLogger, maskPersonalData, maskSecrets, maskLogLine } from './core/log';
export type { Logger, LogLevel, LoggerOptions } from './core/log';
export {
  checkSignature,
  checkMsgSignature,
  msgSignature,
  constantTimeEqual,
  WechatCrypto,
  timestampFresh,
  parseWechatXml,
  buildEncryptedReplyXml,
  MAX_WECHAT_XML_BYTES,
} from './core/wechat-crypto';
export type { DecryptedWechatMessage, EncryptedReplyFields } from './core/wechat-crypto';
export { parseWechatXmlTree, type WechatXmlTree, type WechatXmlValue, type WechatXmlTreeLimits } from './core/wechat-crypto';
export { NonceReplayGuard, type NonceVerdict, type NonceReplayGuardOptions } from './core/wechat-crypto';
export { AccessTokenCache, withAccessToken, ACCESS_TOKEN_ERRORS } from './core/wechat-api';
export type { AccessTokenCacheOptions, FetchedToken } from './core/wechat-api';
export {
  fetchImage,
  sniffImageType,
  safeImageUrl,
  ImageFetchError,
  MAX_WECHAT_IMAGE_BYTES,
  WechatImageMedia,
  checkImageSettings,
  imageUploadForm,
  TEMP_MEDIA_LIFETIME_SEC,
} from './core/wechat-api';
export type {
  FetchImageOptions,
  FetchedImage,
  ImageFetchReason,
  ImageType,
  ImageMediaSettings,
  WechatImageMediaOptions,
  ImageMediaId,
} from './core/wechat-api';
export { DurableInbox } from './core/inbox';
export type { DurableInboxOptions, InboxEntries } from './core/inbox';
export { LuaScript } from './core/redis/lua-script';
