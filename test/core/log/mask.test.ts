import { maskLogLine, maskPersonalData, maskSecrets } from '../../../src/core/privacy';

describe('maskPersonalData', () => {
  it.each([
    ['我的电话13812345678', '我的电话138****5678'],
    ['电话 138 1234 5678 谢谢', '电话 138****5678 谢谢'],
    ['tel:138-1234-5678', 'tel:138****5678'],
    ['+86 13912345678', '139****5678'],
  ])('masks phone %s', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it('leaves longer digit runs and non-mobile numbers alone', () => {
    expect(maskPersonalData('订单 202403121381234567890')).toBe('订单 202403121381234567890');
    expect(maskPersonalData('time 1712345678901')).toBe('time 1712345678901');
    expect(maskPersonalData('座机 12345678901')).toBe('座机 12345678901');
  });

  it.each([
    ['寄到浙江省杭州市西湖区文三路100号', '寄到[地址]'],
    ['地址：北京市朝阳区建国路88号SOHO现代城5栋2单元301室，谢谢', '地址：[地址]，谢谢'],
    ['上海市浦东新区世纪大道1号', '[地址]'],
    ['收货地址改成翠苑小区3栋502室', '收货地址改成[地址]'],
  ])('masks address %s', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it('keeps ordinary shopping messages readable', () => {
    for (const text of ['你好', '这件卫衣有XL吗', '我的快递到哪了', '转人工', '市场价多少', '小区门口能放吗']) {
      expect(maskPersonalData(text)).toBe(text);
    }
  });
});

describe('maskSecrets', () => {
  it('redacts JSON values of secret-like keys at any depth', () => {
    const line = JSON.stringify({ a: { token: 'abc', appSecret: 's3cr3t', encodingAESKey: 'k'.repeat(43) }, password: 'p"w' });
    const out = maskSecrets(line);
    expect(out).not.toMatch(/abc|s3cr3t|kkkk|p\\"w/);
    expect(JSON.parse(out)).toEqual({
      a: { token: '[REDACTED]', appSecret: '[REDACTED]', encodingAESKey: '[REDACTED]' },
      password: '[REDACTED]',
    });
  });

  it('redacts access_token in URLs and Bearer credentials', () => {
    expect(maskSecrets('POST https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=ACCESS123&x=1')).toBe(
      'POST https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=[REDACTED]&x=1',
    );
    expect(maskSecrets('authorization: Bearer abcdef0123456789')).toBe('authorization: Bearer [REDACTED]');
  });

  it('maskLogLine does both', () => {
    expect(maskLogLine('{"msg":"13812345678","token":"x"}')).toBe('{"msg":"138****5678","token":"[REDACTED]"}');
  });
});

describe('maskSecrets on connection URLs', () => {
  it('hides passwords in redis/postgres URLs', () => {
    expect(maskSecrets('connect redis://:pw123@127.0.0.1:6379/0 failed')).toBe('connect redis://:[REDACTED]@127.0.0.1:6379/0 failed');
    expect(maskSecrets('postgres://kefu:hunter2@db/kefu')).toBe('postgres://kefu:[REDACTED]@db/kefu');
    expect(maskSecrets('http://127.0.0.1:3000/x')).toBe('http://127.0.0.1:3000/x');
  });
});
