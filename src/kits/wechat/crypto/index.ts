export { checkSignature, checkMsgSignature, msgSignature, sortedSha1 } from './signature';
export { WechatCrypto } from './wechat-crypto';
export type { DecryptedWechatMessage } from './wechat-crypto';
export { decodeEncodingAESKey, ENCODING_AES_KEY_LENGTH } from './encoding-aes-key';
export { pkcs7Pad, pkcs7Unpad, WECHAT_PAD_BLOCK } from './pkcs7';
export { timestampFresh, DEFAULT_TIMESTAMP_WINDOW_SEC } from './timestamp-fresh';
export { NonceReplayGuard, type NonceVerdict, type NonceReplayGuardOptions } from './nonce-replay-guard';
export { parseWechatXml, MAX_WECHAT_XML_BYTES } from './parse-wechat-xml';
export {
  parseWechatXmlTree,
  DEFAULT_XML_TREE_DEPTH,
  DEFAULT_XML_TREE_ELEMENTS,
  type WechatXmlTree,
  type WechatXmlValue,
  type WechatXmlTreeLimits,
} from './parse-wechat-xml-tree';
export { buildEncryptedReplyXml, cdata, escapeXmlText } from './build-encrypted-reply-xml';
export type { EncryptedReplyFields } from './build-encrypted-reply-xml';
