import { BadInputError } from '../../../../src/core/errors';
import { parseWechatXmlTree } from '../../../../src/kits/wechat/crypto/parse-wechat-xml-tree';
import { MAX_WECHAT_XML_BYTES } from '../../../../src/kits/wechat/crypto/parse-wechat-xml';

function reasonOf(xml: string, limits?: Parameters<typeof parseWechatXmlTree>[1]): string {
  try {
    parseWechatXmlTree(xml, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as BadInputError).reason;
  }
  throw new Error('expected parseWechatXmlTree to refuse the input');
}

const POPUP =
  '<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[o7esq5OI1Buej2]]></FromUserName>' +
  '<CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>\n' +
  '<SubscribeMsgPopupEvent>\n' +
  '  <List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>' +
  '<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>\n' +
  '  <List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>' +
  '<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>\n' +
  '</SubscribeMsgPopupEvent></xml>';

describe('parseWechatXmlTree reads nested WeChat pushes', () => {
  it('reads the documented subscribe_msg_popup_event with repeated <List> as an array', () => {
    const tree = parseWechatXmlTree(POPUP);
    expect(tree).toEqual({
      ToUserName: 'gh_123456789abc',
      FromUserName: 'o7esq5OI1Buej2',
      CreateTime: '1610969440',
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      SubscribeMsgPopupEvent: {
        List: [
          { TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', SubscribeStatusString: 'accept', PopupScene: '2' },
          { TemplateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', SubscribeStatusString: 'reject', PopupScene: '2' },
        ],
      },
    });
  });

  it('keeps a single <List> as an object and reads flat messages like parseWechatXml', () => {
    const one = parseWechatXmlTree('<xml><E><List><T>a &amp; b</T></List></E><Empty/><C><![CDATA[<b>]]></C></xml>');
    expect(one).toEqual({ E: { List: { T: 'a & b' } }, Empty: '', C: '<b>' });
  });

  it('returns plain objects that cannot be polluted through __proto__', () => {
    const tree = parseWechatXmlTree('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(tree)).toEqual(['__proto__']);
  });
});

describe('parseWechatXmlTree refuses dangerous or oversized XML without expanding anything', () => {
  it('refuses DOCTYPE, ENTITY, external entities, PIs, comments and attributes anywhere', () => {
    const lol = '<!DOCTYPE x [<!ENTITY lol "lol">]><xml><A>&lol;</A></xml>';
    expect(reasonOf(lol)).toMatch(/DOCTYPE/);
    expect(reasonOf('<xml><A><!ENTITY e SYSTEM "file:///etc/passwd"></A></xml>')).toMatch(/ENTITY/);
    expect(reasonOf('<xml><A><B>&xxe;</B></A></xml>')).toMatch(/unknown entity &xxe;/);
    expect(reasonOf('<xml><A><?php x ?><B/></A></xml>')).toMatch(/processing instructions/);
    expect(reasonOf('<xml><A><!-- c --><B/></A></xml>')).toMatch(/comments/);
    expect(reasonOf('<xml><A><B id="1">x</B></A></xml>')).toMatch(/attributes/);
  });

  it('bounds depth (default 4, counting <xml>) and element count', () => {
    expect(parseWechatXmlTree('<xml><a><b><c>ok</c></b></a></xml>')).toEqual({ a: { b: { c: 'ok' } } });
    expect(reasonOf('<xml><a><b><c><d>deep</d></c></b></a></xml>')).toMatch(/deeper than 4 levels/);
    expect(reasonOf('<xml><a><b>x</b></a></xml>', { maxDepth: 2 })).toMatch(/deeper than 2 levels/);
    const many = `<xml>${'<a>1</a>'.repeat(20)}</xml>`;
    expect((parseWechatXmlTree(many, { maxElements: 21 }).a as string[]).length).toBe(20);
    expect(reasonOf(many, { maxElements: 20 })).toMatch(/more than 20 elements/);
  });

  it('refuses bodies over 1 MB, mismatched tags, mixed content and trailing junk', () => {
    const big = `<xml><A>${'x'.repeat(MAX_WECHAT_XML_BYTES)}</A></xml>`;
    expect(reasonOf(big)).toMatch(/larger than 1 MB/);
    expect(reasonOf('<xml><a><b>x</c></a></xml>')).toMatch(/expected <\/b>/);
    expect(reasonOf('<xml><a>text<b>x</b></a></xml>')).toMatch(/nesting/);
    expect(reasonOf('<xml><a><b>x</b></a></xml><xml/>')).toMatch(/content after/);
    expect(reasonOf('<root><a/></root>')).toMatch(/root element must be <xml>/);
    expect(reasonOf('<xml><a><b>x</b>')).toMatch(/not closed/);
  });
});
