/**
 * The WeChat kit: what the WeChat adapters share (adapters/wechat-official, adapters/wecom-kf, adapters/wechaty):
 * message signatures and safe-mode crypto (WXBizMsgCrypt), a safe XML reader, replay protection, the access-token
 * cache and image uploads. Built on src/index.ts only; the core knows nothing of WeChat. Only the adapters listed
 * for it in scripts/import-boundaries.ts (KIT_USERS) may import it.
 */
export * from './crypto';
export * from './api';
