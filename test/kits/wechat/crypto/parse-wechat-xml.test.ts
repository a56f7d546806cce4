import { BadInputError } from '../../../../src/core/errors';
import { MAX_WECHAT_XML_BYTES, parseWechatXml } from '../../../../src/kits/wechat/crypto/parse-wechat-xml';
import { WechatCrypto } from '../../../../src/kits/wechat/crypto/wechat-crypto';
import { OFFICIAL } from './official-vector';

function reasonOf(xml: string): string {
  try {
    parseWechatXml(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as BadInputError).reason;
  }
  throw new Error('expected parseWechatXml to refuse the input');
}

describe('parseWechatXml reads flat WeChat messages', () => {
  it('reads CDATA and plain text fields', () => {
    const xml =
      '<xml><ToUserName><![CDATA[gh_123]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName>' +
      '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[亲，有货吗？😊]]></Content>' +
      '<MsgId>6054768590064713728</MsgId></xml>';
    expect(parseWechatXml(xml)).toEqual({
      ToUserName: 'gh_123',
      FromUserName: 'oUser',
      CreateTime: '1700000000',
      MsgType: 'text',
      Content: '亲，有货吗？😊',
      MsgId: '6054768590064713728',
    });
  });

  it('reads the decrypted official sample (with newlines) and an xml declaration', () => {
    const { message } = new WechatCrypto(OFFICIAL.token, OFFICIAL.encodingAESKey, OFFICIAL.appId).decrypt(OFFICIAL.encrypt);
    const fields = parseWechatXml(`<?xml version="1.0" encoding="UTF-8"?>\n${message}`);
    expect(fields).toMatchObject({ ToUserName: 'gh_10f6c3c3ac5a', MsgType: 'text', Content: 'abcdteT', CreateTime: '1409735668' });
  });

  it('keeps CDATA verbatim (markup-looking text and spaces included) and decodes predefined entities in text', () => {
    const xml =
      '<xml>\n  <Content>  <![CDATA[ <b>&amp; <!DOCTYPE x> <?pi?> ]]>  </Content>\n' +
      '  <Label>a &lt; b &amp;&amp; c &gt; &#x4F60;&#22909;</Label>\n  <Empty/>\n  <Blank></Blank>\n</xml>';
    expect(parseWechatXml(xml)).toEqual({ Content: ' <b>&amp; <!DOCTYPE x> <?pi?> ', Label: 'a < b && c > 你好', Empty: '', Blank: '' });
  });

  it('joins split CDATA sections (the escaped "]]>" form)', () => {
    expect(parseWechatXml('<xml><A><![CDATA[x]]]]><![CDATA[>y]]></A></xml>')).toEqual({ A: 'x]]>y' });
  });

  it('returns a plain object that cannot be polluted through __proto__', () => {
    const fields = parseWechatXml('<xml><__proto__><![CDATA[{"polluted":1}]]></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(fields)).toEqual(['__proto__']);
  });
});

describe('parseWechatXml refuses dangerous XML without expanding anything', () => {
  it('refuses a DOCTYPE with a billion-laughs entity, without expansion', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Content>&lol3;</Content></xml>';
    const reason = reasonOf(lol);
    expect(reason).toMatch(/DOCTYPE/);
    expect(reason).not.toContain('lollol');
    expect(reason.length).toBeLessThan(300);
  });

  it('refuses an external entity, without reading the file', () => {
    const xxe = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>';
    const reason = reasonOf(xxe);
    expect(reason).toMatch(/DOCTYPE/);
    expect(reason).not.toMatch(/root:/);
  });

  it('refuses a lower-case doctype and a bare ENTITY declaration', () => {
    expect(reasonOf('<!doctype xml><xml></xml>')).toMatch(/DOCTYPE/);
    expect(reasonOf('<!ENTITY x "y"><xml></xml>')).toMatch(/ENTITY/);
    expect(reasonOf('<xml><!ENTITY x "y"><A>1</A></xml>')).toMatch(/ENTITY/);
    expect(reasonOf('<xml><A><!ENTITY x "y"></A></xml>')).toMatch(/ENTITY/);
  });

  it('refuses references to undeclared entities instead of expanding them', () => {
    const reason = reasonOf('<xml><Content>&xxe;</Content></xml>');
    expect(reason).toMatch(/unknown entity &xxe;/);
    expect(reasonOf('<xml><Content>&#0;</Content></xml>')).toMatch(/unknown entity/);
  });

  it('refuses processing instructions other than the leading declaration, and comments', () => {
    expect(reasonOf('<?xml-stylesheet href="x.xsl"?><xml></xml>')).toMatch(/processing instructions/);
    expect(reasonOf('<xml><?php echo 1 ?><A>1</A></xml>')).toMatch(/processing instructions/);
    expect(reasonOf('<xml><A>1</A></xml><?xml version="1.0"?>')).toMatch(/processing instructions/);
    expect(reasonOf('<xml><!-- hi --><A>1</A></xml>')).toMatch(/comments/);
  });

  it('refuses nesting deeper than 2 levels', () => {
    expect(reasonOf('<xml><Video><MediaId><![CDATA[m]]></MediaId></Video></xml>')).toMatch(/deeper than 2 levels/);
  });

  it('refuses bodies over 1 MB, but accepts one just under', () => {
    const wrap = (n: number): string => `<xml><Content><![CDATA[${'a'.repeat(n)}]]></Content></xml>`;
    const overhead = wrap(0).length;
    expect(parseWechatXml(wrap(MAX_WECHAT_XML_BYTES - overhead)).Content).toHaveLength(MAX_WECHAT_XML_BYTES - overhead);
    expect(reasonOf(wrap(MAX_WECHAT_XML_BYTES - overhead + 1))).toMatch(/larger than 1 MB/);
    // Multi-byte characters count by UTF-8 bytes, not string length.
    expect(reasonOf(`<xml><Content><![CDATA[${'你'.repeat(400_000)}]]></Content></xml>`)).toMatch(/larger than 1 MB/);
  });
});

describe('parseWechatXml refuses malformed XML with a reason', () => {
  it.each([
    ['empty input', '', /expected an opening tag/],
    ['not XML', '{"MsgType":"text"}', /expected an opening tag/],
    ['a wrong root', '<root><A>1</A></root>', /root element must be <xml>/],
    ['an unclosed root', '<xml><A>1</A>', /<xml> is not closed/],
    ['an unclosed child', '<xml><A>1', /<A> is not closed/],
    ['mismatched tags', '<xml><A>1</B></xml>', /expected <\/A>/],
    ['an unterminated CDATA', '<xml><A><![CDATA[abc</A></xml>', /unterminated CDATA/],
    ['attributes', '<xml><A type="x">1</A></xml>', /attributes/],
    ['duplicate elements', '<xml><A>1</A><A>2</A></xml>', /duplicate element <A>/],
    ['trailing junk', '<xml><A>1</A></xml>junk', /after the closing/],
    ['a bare ampersand', '<xml><A>fish & chips</A></xml>', /bare "&"/],
    ['text directly in the root', '<xml>hello<A>1</A></xml>', /expected an opening tag/],
    ['an invalid tag name', '<xml><1A>1</1A></xml>', /invalid tag name/],
  ])('refuses %s', (_name, xml, pattern) => {
    expect(reasonOf(xml)).toMatch(pattern);
  });

  it('says how to fix it in the message', () => {
    expect(() => parseWechatXml('<xml><A>1</B></xml>')).toThrow(/Fix: send a flat <xml>/);
  });
});
