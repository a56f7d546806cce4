export { WechatOfficialAdapter } from './wechat-official-adapter';
export type { WechatOfficialOptions, WechatAppConfig, SubscriptionTemplateConfig, WechatKind } from './options';
export { OUTBOUND_TYPES, THING_MAX_CHARS, renderCustomMessage, renderSubscription } from './render-outbound';
export { apiError } from './api-errors';
export type { WechatApiResult } from './api-errors';
