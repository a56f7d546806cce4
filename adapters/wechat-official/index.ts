export { WechatOfficialAdapter } from './wechat-official-adapter';
export type { WechatOfficialOptions, WechatAppConfig, SubscriptionTemplateConfig, WechatKind } from './options';
export { IMAGE_TYPES, OUTBOUND_TYPES, THING_MAX_CHARS, renderCustomMessage, renderSubscription } from './render-outbound';
export { apiError, WechatApiError } from './api-errors';
export { MEDIA_UPLOAD } from './wechat-api-client';
export type { WechatApiResult } from './api-errors';
