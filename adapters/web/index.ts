export { WebChatAdapter } from './web-chat-adapter';
export type { WebChatOptions } from './web-chat-adapter';
export { parseClientFrame, ID_PATTERN } from './protocol';
export type { ClientFrame, ServerFrame, HistoryItem, ErrorCode, HelloFrame, MessageFrame, PostbackFrame, EventFrame } from './protocol';
