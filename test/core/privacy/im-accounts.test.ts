import { maskLogLine, maskPersonalData, maskShopperIds } from '../../../src/core/privacy';

// WeChat ids and QQ numbers as shoppers hand them out in chat; masked only right after their word.
describe('maskPersonalData: WeChat ids and QQ numbers', () => {
  it.each([
    ['微信号 with a space', '我的微信号 abc12389，加一下', '我的微信号 ab****89，加一下'],
    ['微信 with a full-width colon', '加我微信：zhangsan_88 发图给你', '加我微信：zh****88 发图给你'],
    ['微信 with ideographic spaces', '微信　　Lily-2024　谢谢', '微信　　Li****24　谢谢'],
    ['微信号是', '微信号是wxid_k8s2m9x4q1', '微信号是wx****q1'],
    ['v信', '有问题加v信 shop_helper9', '有问题加v信 sh****r9'],
    ['V信 right before the id', 'V信：Amy_0303', 'V信：Am****03'],
    ['vx with a colon', '方便的话vx:tb_buyer2024', '方便的话vx:tb****24'],
    ['VX with a space', '加VX abc12345 领券', '加VX ab****45 领券'],
    ['wx号', 'wx号 meimei1998', 'wx号 me****98'],
    ['full-width letters', '微信：ａｂｃ１２３４５', '微信：ab****45'],
    ['QQ with a full-width colon', 'QQ：123456789', 'QQ：12****89'],
    ['qq号 with five digits', '我qq号 12345', '我qq号 1****5'],
    ['扣扣 with an ideographic space', '扣扣　987654321 有事找我', '扣扣　98****21 有事找我'],
    ['企鹅号是', '企鹅号是 87654321～', '企鹅号是 87****21～'],
    ['QQ with full-width digits', 'QQ号码：１２３４５６７８９', 'QQ号码：12****89'],
    ['both in one message', '微信abc12389或者QQ 2345678都行', '微信ab****89或者QQ 23****78都行'],
  ])('%s', (_name, input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    ['an order number', '订单号 20251120123，什么时候发货'],
    ['a bare 5–11 digit number', '麻烦查一下 1234567890 这个单'],
    ['a price', '这件 12999 元还能便宜吗'],
    ['款号', '款号 AB12345 还有货吗'],
    ['款号 starting with wx', '款号 wx20231 有M码吗'],
    ['a QQ group (not a person)', '进QQ群 12345678 领券'],
    ['a WeChat app id', 'appid wx5823bf96d3bd56c7'],
    ['a field name', 'wx_token_expired'],
    ['微信 before Chinese', '微信：我晚点发你'],
    ['微信支付 and an amount', '微信支付了 12999'],
    ['a word too short for an id', '微信 ok'],
    ['a QQ mailbox word', '用qq邮箱行吗'],
    ['a price after 企鹅', '企鹅玩偶 39.9 元'],
  ])('leaves %s alone', (_name, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks a mobile number after 微信 as a mobile number', () => {
    expect(maskPersonalData('微信同号 13812345678')).toBe('微信同号 138****5678');
    expect(maskPersonalData('微信 13812345678')).toBe('微信 138****5678');
  });

  it('masks them in log lines (plain ASCII too)', () => {
    expect(maskLogLine('{"msg":"vx: zhangsan88"}')).toBe('{"msg":"vx: zh****88"}');
    expect(maskLogLine(JSON.stringify({ text: '微信号：abc12389' }))).toBe(JSON.stringify({ text: '微信号：ab****89' }));
  });
});

describe('maskShopperIds', () => {
  const openid = 'oKefu_6dXbS3yQvA1pZ8kL0wT2';

  it('masks ids under their field names at any depth, in URLs, escaped JSON and WeChat XML', () => {
    const line = JSON.stringify({
      openid,
      FromUserName: openid,
      external_userid: 'wmAbCdEf0123456789xyz',
      ref: { channel: 'wechat-official', accountId: 'wx1', conversationId: openid, userId: openid },
      conversation: `wechat-official:wx1:${openid}`,
      msg: `GET /cgi-bin/user/info?lang=zh_CN&openid=${openid} failed; body {"touser":"${openid}"}`,
      xml: `<xml><ToUserName><![CDATA[gh_kefu_shop]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName></xml>`,
    });
    const masked = maskShopperIds(line);
    expect(masked).not.toContain(openid);
    expect(masked).not.toContain('0123456789');
    expect(JSON.parse(masked)).toMatchObject({
      openid: 'oKef********T2',
      FromUserName: 'oKef********T2',
      external_userid: 'wmAb********yz',
      ref: { channel: 'wechat-official', accountId: 'wx1', conversationId: 'oKef********T2', userId: 'oKef********T2' },
      conversation: 'wechat-official:wx1:oKef********T2',
      msg: 'GET /cgi-bin/user/info?lang=zh_CN&openid=oKef********T2 failed; body {"touser":"oKef********T2"}',
    });
  });

  it('leaves other fields alone', () => {
    const line = JSON.stringify({ appId: 'wx5823bf96d3bd56c7', messageId: 'm-123456789', openKfId: 'wkAbCdEf0123', kinds: ['text'] });
    expect(maskShopperIds(line)).toBe(line);
  });
});
