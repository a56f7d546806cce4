export { WebChatAdapter } from './web-chat-adapter';
export type { WebChatOptions } from './web-chat-adapter';
export type { DemoCatalogue } from './demo-shop';
export type { IpLimitOptions } from './ip-limits';
export { WebNotDeliveredError } from './not-delivered-error';
export type { WebClusterOptions } from './web-cluster';
export { parseClientFrame, ID_PATTERN } from './protocol';
export type {
  ClientFrame,
  ServerFrame,
  HistoryItem,
  ErrorCode,
  HelloFrame,
  MessageFrame,
  MessageContext,
  PostbackFrame,
  EventFrame,
} from './protocol';
