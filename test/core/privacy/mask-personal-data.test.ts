import { maskPersonalData } from '../../../src/core/privacy';

// Real-world ways shoppers write personal data. Every number here is checked by the masker's own rules:
// 身份证 numbers carry a correct check digit, card numbers pass Luhn, unless the case says otherwise.
describe('maskPersonalData: masked forms', () => {
  it.each([
    // mobile numbers
    ['plain mobile', '我的电话13812345678', '我的电话138****5678'],
    ['spaced 3-4-4', '电话 138 1234 5678 谢谢', '电话 138****5678 谢谢'],
    ['dashed', 'tel:138-1234-5678', 'tel:138****5678'],
    ['dotted', '手机138.1234.5678', '手机138****5678'],
    ['4-3-4', '打1381 234 5678', '打138****5678'],
    ['+86 spaced', '+86 138 1234 5678', '138****5678'],
    ['+86 dashed', '+86-139-1234-5678', '139****5678'],
    ['(+86)', '(+86)13812345678', '138****5678'],
    ['86 without plus', '8613812345678', '138****5678'],
    ['0086', '008613812345678', '138****5678'],
    ['trunk 0', '拨013812345678', '拨138****5678'],
    ['full-width digits', '电话１３８１２３４５６７８', '电话138****5678'],
    ['full-width dashes', '１３８－１２３４－５６７８', '138****5678'],
    ['em dashes', '138—1234—5678', '138****5678'],
    ['ideographic spaces', '手机：138　1234　5678。', '手机：138****5678。'],
    ['middle dots', '138·1234·5678', '138****5678'],
    ['letters around (vx …同号)', 'vx13812345678同号', 'vx138****5678同号'],
    ['two in one message', '13812345678或15987654321', '138****5678或159****4321'],
    // landlines
    ['Beijing dashed', '座机010-12345678', '座机010-****5678'],
    ['bracketed area code', '(021)12345678', '021-****5678'],
    ['full-width brackets', '（０２１）１２３４５６７８', '021-****5678'],
    ['3-digit area, 7-digit local', '0755-1234567', '0755-***4567'],
    ['spaced local', '021 6123 4567', '021-****4567'],
    ['run together', '座机02161234567', '座机021-****4567'],
    ['+86 without trunk 0', '+86 10 6123 4567', '010-****4567'],
    ['extension kept', '010-12345678-801', '010-****5678-801'],
    // 身份证
    ['18 digits, X', '身份证11010519491231002X', '身份证1101**********002X'],
    ['lower-case x', '身份证号：11010519491231002x', '身份证号：1101**********002X'],
    ['no label, valid', '44030419900307123X 是我的', '4403**********123X 是我的'],
    ['grouped 6-8-4', '110105 19491231 002X', '1101**********002X'],
    ['full-width', '１１０１０５１９４９１２３１００２Ｘ', '1101**********002X'],
    ['bad check digit after 身份证', '身份证 110105194912310021', '身份证 1101**********0021'],
    ['15-digit old form', '老身份证310115780612043', '老身份证3101*******2043'],
    // bank cards
    ['UnionPay 19 digits', '6222021234567890128', '6222 **** **** 0128'],
    ['grouped 4-4-4-4-3', '卡 6222 0212 3456 7890 128', '卡 6222 **** **** 0128'],
    ['dashed groups', '6228-4800-1234-5671', '6228 **** **** 5671'],
    ['Visa', 'visa 4111111111111111', 'visa 4111 **** **** 1111'],
    ['Mastercard grouped', '5255 0012 3456 7898', '5255 **** **** 7898'],
    ['grouped, mistyped (no Luhn)', '6222 0212 3456 7890', '6222 **** **** 7890'],
    ['after 卡号, no Luhn', '卡号：6222021234567890', '卡号：6222 **** **** 7890'],
    ['full-width', '６２２２０２１２３４５６７８９０１２８', '6222 **** **** 0128'],
    // e-mail
    ['e-mail', 'abc@qq.com', 'a***@qq.com'],
    ['e-mail in Chinese text', '邮箱是zhang.san+shop@163.com谢谢', '邮箱是z***@163.com谢谢'],
    ['full-width ＠ and ．', 'ａｂｃ＠ｑｑ．ｃｏｍ', 'a***@qq.com'],
    ['full-width ＠ only', '发到abc＠qq.com', '发到a***@qq.com'],
    ['phone-number mailbox', '13812345678@qq.com', '1***@qq.com'],
    ['sub-domains, full stop after', 'Mail: Li.Si@example.com.cn.', 'Mail: L***@example.com.cn.'],
    // addresses
    ['address', '寄到浙江省杭州市西湖区文三路100号', '寄到[地址]'],
    ['address, full-width number', '寄到杭州市西湖区文三路１００号', '寄到[地址]'],
    ['address then phone', '上海市浦东新区世纪大道1号13812345678', '[地址]138****5678'],
    // several kinds, and the text around them kept as written
    [
      'mixed',
      '电话１３８-1234-5678，邮箱abc@qq.com，地址杭州市西湖区文三路100号，订单2025112012345678',
      '电话138****5678，邮箱a***@qq.com，地址[地址]，订单2025112012345678',
    ],
    ['full-width text around kept', 'ＸＬ码，电话１３８１２３４５６７８！', 'ＸＬ码，电话138****5678！'],
  ])('%s', (_name, input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });
});

describe('maskPersonalData: left alone', () => {
  it.each([
    ['sizes', '这件卫衣175/88A有货吗，M码还是L码'],
    ['prices', '99元两件，满199减20，到手价¥1380.00'],
    ['quantities', '买3件，库存1380件'],
    ['dates', '2025-11-20 下午3点，2025年11月20日，2025.11.20'],
    ['order id, labelled', '订单2025112012345678'],
    ['order id, 单号：', '单号：202511201234567890'],
    ['order id, unlabelled 16 digits', '2025112012345678 到哪了'],
    ['order id passing Luhn', '2025112012345674'],
    ['18-digit order id (not a valid 身份证)', '202511201234567890'],
    ['Luhn-valid card number labelled as an order', '订单号 4380123456789017'],
    ['mobile-shaped order id after 订单号', '订单号13812345678'],
    ['JSON order id', '{"orderId":"4380123456789017"}'],
    ['lettered order id', '订单DD202611110123'],
    ['lettered order id with mobile-shaped digits', '订单DD13812345678'],
    ['shop demo order', '20250903100001'],
    ['400 hotline', '客服热线400-123-4567'],
    ['400 run together', '4008123123'],
    ['800 hotline', '800-820-8820'],
    ['bank service number', '95588'],
    ['tracking number', '顺丰SF1409823761234'],
    ['millisecond timestamp', 'time 1712345678901'],
    ['11 digits not a mobile', '座机 12345678901'],
    ['longer digit run', '订单 202403121381234567890'],
    ['IP address', '192.168.1.138'],
    ['decimal fraction in a JSON log line (passes Luhn as a card)', '{"responseTime":2.2278123456788323}'],
    ['decimal fraction shaped like a mobile', 'took 0.13812345678 s'],
    ['hex digest', 'sha1 3fa13812345678e9c0d1'],
    ['version', 'v1.3.8'],
    ['ordinary messages', '你好，这件卫衣有XL吗？我的快递到哪了'],
    ['user name in a connection URL', 'postgres://kefu@db.example.com/kefu'],
    ['not an e-mail (no top-level domain)', 'user@localhost'],
  ])('%s', (_name, text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
