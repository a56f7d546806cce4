import { maskPersonalData } from '../../../src/core/privacy';

describe('maskPersonalData', () => {
  test.each([
    ['电话13812345678', '电话138****5678'],
    ['打138 1234 5678', '打138****5678'],
    ['电话13812345678，地址杭州市西湖区文三路100号', '电话138****5678，地址[地址]'],
    ['我的地址是浙江省杭州市余杭区五常街道xx小区3栋2单元501室，谢谢', '我的地址是[地址]，谢谢'],
    ['上海市浦东新区', '[地址]'],
    ['收货地址改成北京朝阳区望京SOHO T1', '收货地址改成[地址]'],
    ['寄到幸福小区5栋302室', '寄到[地址]'],
  ])('%s → %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  test.each([['我在超市买的'], ['你好在吗'], ['订单DD202611110123'], ['这个区别是什么']])('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
