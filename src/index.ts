/**
 * The core's public face: what every adapter may import (the ChannelAdapter port, the message model, errors,
 * logging, the durable inbox, text and security helpers). Nothing channel-specific: WeChat's toolbox is the kit in
 * src/kits/wechat. Keep this a list of `export … from`.
 */
export * from './core/message';
export * from './core/channel-adapter';
export * from './core/errors';
export { createLogger, maskPersonalData, maskSecrets, maskLogLine } from './core/log';
export type { Logger, LogLevel, LoggerOptions } from './core/log';
export { DurableInbox } from './core/inbox';
export type { DurableInboxOptions, InboxEntries } from './core/inbox';
export { LuaScript } from './core/redis/lua-script';
