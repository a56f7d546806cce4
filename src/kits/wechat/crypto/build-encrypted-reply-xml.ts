/** The fields of a safe-mode passive reply. */
export interface EncryptedReplyFields {
  /** Base64 output of WechatCrypto.encrypt. */
  encrypt: string;
  /** msgSignature(token, timestamp, nonce, encrypt). */
  msgSignature: string;
  /** Unix seconds, as a string or number. */
  timestamp: string | number;
  nonce: string;
}

/** Wraps text in CDATA, splitting any `]]>` so it cannot end the section early. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Escapes text for an XML text node. */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The documented envelope of an encrypted passive reply (safe mode), as in WeChat's
 * WXBizMsgCrypt sample: Encrypt, MsgSignature and Nonce in CDATA, TimeStamp as text.
 *
 * @example
 * const encrypt = wx.encrypt(replyXml);
 * buildEncryptedReplyXml({ encrypt, msgSignature: msgSignature(token, ts, nonce, encrypt), timestamp: ts, nonce });
 */
export function buildEncryptedReplyXml(fields: EncryptedReplyFields): string {
  return (
    `<xml><Encrypt>${cdata(fields.encrypt)}</Encrypt>` +
    `<MsgSignature>${cdata(fields.msgSignature)}</MsgSignature>` +
    `<TimeStamp>${escapeXmlText(String(fields.timestamp))}</TimeStamp>` +
    `<Nonce>${cdata(fields.nonce)}</Nonce></xml>`
  );
}
