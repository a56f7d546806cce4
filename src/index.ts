/**
 * The core's public face: what every adapter may import (the ChannelAdapter port, the message model, errors,
 * logging, the durable inbox, text and security helpers). Nothing channel-specific: WeChat's toolbox is the kit in
 * src/kits/wechat. Keep this a list of `export … from`.
 */
export * from './core/message';
export type { ServiceState, ServiceStatus } from './core/service-status';
export * from './core/channel-adapter';
export * from './core/errors';
export { createLogger, maskPersonalData, maskSecrets, maskLogLine, maskShopperId } from './core/log';
export type { Logger, LogLevel, LoggerOptions } from './core/log';
// The Recognizer port: live rooms classify comments with the model main.ts hands them.
export type { Recognizer, Recognition } from './core/recognizer';
export { DurableInbox, inboxChannelHealth } from './core/inbox';
export type { DurableInboxOptions, InboxEntries, InboxHealth } from './core/inbox';
export { LuaScript } from './core/redis/lua-script';
export { cleanText, type CleanText, type CleanTextOptions } from './core/text/clean-text';
// One constant-time compare for every token, signature and password (the WeChat signature checks move to it too).
export { constantTimeEqual, bearerOrBasicToken, authorizationMatches, type PresentedToken } from './core/security/constant-time';
// One key per client for every per-address limit (IPv6 counted by its /64).
export { clientAddressKey } from './core/security/client-address';
// Signed shop identities (KEFU_IDENTITY_SECRET): a channel that receives one checks it here, at the edge.
export { verifyIdentity, signIdentity, MAX_AHEAD_SECONDS, type IdentityCheck, type IdentityRefusal } from './identity/signed-identity';
