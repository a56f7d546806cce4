import { buildEncryptedReplyXml, cdata } from '../../../../src/kits/wechat/crypto/build-encrypted-reply-xml';
import { parseWechatXml } from '../../../../src/kits/wechat/crypto/parse-wechat-xml';
import { checkMsgSignature, msgSignature } from '../../../../src/kits/wechat/crypto/signature';
import { WechatCrypto } from '../../../../src/kits/wechat/crypto/wechat-crypto';

describe('buildEncryptedReplyXml', () => {
  it('produces the documented envelope', () => {
    const xml = buildEncryptedReplyXml({ encrypt: 'ENC+/=', msgSignature: 'abc123', timestamp: 1700000000, nonce: '42' });
    expect(xml).toBe(
      '<xml><Encrypt><![CDATA[ENC+/=]]></Encrypt><MsgSignature><![CDATA[abc123]]></MsgSignature>' +
        '<TimeStamp>1700000000</TimeStamp><Nonce><![CDATA[42]]></Nonce></xml>',
    );
  });

  it('escapes "]]>" inside CDATA and markup in the timestamp, so the envelope stays one flat message', () => {
    const xml = buildEncryptedReplyXml({ encrypt: 'a]]><evil/>b', msgSignature: 's', timestamp: '1<2', nonce: 'n]]>' });
    expect(parseWechatXml(xml)).toEqual({ Encrypt: 'a]]><evil/>b', MsgSignature: 's', TimeStamp: '1<2', Nonce: 'n]]>' });
    expect(cdata(']]>')).toBe('<![CDATA[]]]]><![CDATA[>]]>');
  });

  it('round-trips a real encrypted reply: parse, check msg_signature, decrypt', () => {
    const wx = new WechatCrypto('kefuToken', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxappid');
    const reply = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[亲，已为您查到订单 🚚]]></Content></xml>';
    const encrypt = wx.encrypt(reply);
    const [timestamp, nonce] = ['1700000000', '5566'];
    const envelope = parseWechatXml(
      buildEncryptedReplyXml({ encrypt, msgSignature: msgSignature('kefuToken', timestamp, nonce, encrypt), timestamp, nonce }),
    );
    expect(checkMsgSignature('kefuToken', envelope.TimeStamp!, envelope.Nonce!, envelope.Encrypt!, envelope.MsgSignature!)).toBe(true);
    expect(wx.decrypt(envelope.Encrypt!).message).toBe(reply);
  });
});
