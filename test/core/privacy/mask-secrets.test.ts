import { isSecretName, maskLogLine, maskSecrets } from '../../../src/core/privacy';

describe('maskSecrets', () => {
  it.each([
    [
      'access_token',
      'POST /cgi-bin/message/custom/send?access_token=ACCESS123&x=1',
      'POST /cgi-bin/message/custom/send?access_token=[REDACTED]&x=1',
    ],
    ['camelCase', '/api?accessToken=abc', '/api?accessToken=[REDACTED]'],
    ["the shop's signed identity", '/chat?identity=eyJhbGciOi.x.y&page=2', '/chat?identity=[REDACTED]&page=2'],
    ['prefixed x_access_token', '/api?x_access_token=abc&page=2', '/api?x_access_token=[REDACTED]&page=2'],
    ['prefixed wx_token', '/wx?wx_token=abc', '/wx?wx_token=[REDACTED]'],
    ['component_access_token', '/cgi?component_access_token=abc', '/cgi?component_access_token=[REDACTED]'],
    ['upper case', '/api?ACCESS_TOKEN=abc', '/api?ACCESS_TOKEN=[REDACTED]'],
    [
      'WeChat push URL',
      '/wechat/official/wx1?signature=s1&timestamp=1700000000&nonce=n1&openid=o1&encrypt_type=aes&msg_signature=m1',
      '/wechat/official/wx1?signature=[REDACTED]&timestamp=1700000000&nonce=[REDACTED]&openid=o1&encrypt_type=aes&msg_signature=[REDACTED]',
    ],
    ['; separators', '/cb?sign=abc;token=def;page=1', '/cb?sign=[REDACTED];token=[REDACTED];page=1'],
    ['OAuth code and ticket', '/oauth?code=071abc&state=x&ticket=T1', '/oauth?code=[REDACTED]&state=x&ticket=[REDACTED]'],
    [
      'key, secret, app_secret, password',
      '?key=k1&secret=s1&app_secret=s2&password=p1',
      '?key=[REDACTED]&secret=[REDACTED]&app_secret=[REDACTED]&password=[REDACTED]',
    ],
    ['encodingAESKey', '?encodingAESKey=abcdefghijk', '?encodingAESKey=[REDACTED]'],
    ['form body', 'grant_type=client_credential&appid=wx1&secret=s3cr3t', 'grant_type=client_credential&appid=wx1&secret=[REDACTED]'],
    [
      'URL-encoded URL inside a parameter',
      'cb?redirect=%2Fa%3FX_Access_Token%3Dabc%26b%3D1',
      'cb?redirect=%2Fa%3FX_Access_Token%3D[REDACTED]%26b%3D1',
    ],
    ['URL-encoded underscore', '?access%5Ftoken=abc', '?access%5Ftoken=[REDACTED]'],
    ['free text name=value', 'refresh failed: token=abc123', 'refresh failed: token=[REDACTED]'],
    ['Bearer', 'authorization: Bearer abcdef0123456789', 'authorization: Bearer [REDACTED]'],
    ['bearer, lower case', 'Authorization: bearer abcdef0123456789', 'Authorization: bearer [REDACTED]'],
    ['Basic', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [REDACTED]'],
    ['header without scheme', 'X-Access-Token: abc123', 'X-Access-Token: [REDACTED]'],
    ['Cookie header', 'Cookie: sid=abc; theme=dark', 'Cookie: [REDACTED]'],
    ['connection URL', 'connect redis://:pw123@127.0.0.1:6379/0 failed', 'connect redis://:[REDACTED]@127.0.0.1:6379/0 failed'],
    ['WeCom gettoken query', '/cgi-bin/gettoken?corpid=ww1&corpsecret=S3cr3t', '/cgi-bin/gettoken?corpid=ww1&corpsecret=[REDACTED]'],
    [
      'bare corpsecret at the start of a JSON value',
      '{"query":"corpsecret=S3cr3t&corpid=ww1"}',
      '{"query":"corpsecret=[REDACTED]&corpid=ww1"}',
    ],
    ['bare corpsecret alone in a JSON value', '{"q":"corpsecret=S3cr3t"}', '{"q":"corpsecret=[REDACTED]"}'],
    ['bare corpsecret in a quoted string', "query 'corpsecret=S3cr3t'", "query 'corpsecret=[REDACTED]'"],
    ['bare corpsecret after a colon', 'query:corpsecret=S3cr3t', 'query:corpsecret=[REDACTED]'],
    ['bare corpsecret in an XML element', '<Query>corpsecret=S3cr3t</Query>', '<Query>corpsecret=[REDACTED]</Query>'],
    ['corpsecret as the value of another pair', 'form=corpsecret=S3cr3t', 'form=corpsecret=[REDACTED]'],
    ['URL-encoded, as the value of another pair', 'next=corpsecret%3DS3cr3t%26corpid%3Dww1', 'next=corpsecret%3D[REDACTED]%26corpid%3Dww1'],
    [
      'JSON in a JSON string',
      '{"msg":"body {\\"access_token\\":\\"ACCESS\\",\\"expires_in\\":7200}"}',
      '{"msg":"body {\\"access_token\\":\\"[REDACTED]\\",\\"expires_in\\":7200}"}',
    ],
  ])('%s', (_name, input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('redacts JSON values of secret-like keys at any depth', () => {
    const line = JSON.stringify({
      a: { token: 'abc', appSecret: 's3cr3t', encodingAESKey: 'k'.repeat(43), wx_token: 'w', msg_signature: 'm' },
      password: 'p"w',
    });
    expect(JSON.parse(maskSecrets(line))).toEqual({
      a: {
        token: '[REDACTED]',
        appSecret: '[REDACTED]',
        encodingAESKey: '[REDACTED]',
        wx_token: '[REDACTED]',
        msg_signature: '[REDACTED]',
      },
      password: '[REDACTED]',
    });
  });

  it.each([
    ['error codes', '{"code":"CONVERSATION_NOT_FOUND","errcode":45015}'],
    ['Redis keys and idempotency keys', '{"key":"kefu:conv:web:c1","idempotencyKey":"cart.u1@1700"}'],
    ['token counts and types', '{"tokenType":"bearer","tokens":12}'],
    ['ordinary query strings', '/products?page=2&sort=price&keyword=卫衣'],
    ['plain URL', 'http://127.0.0.1:3000/x'],
    ['prose', 'sign in with the admin account; the token expired, key rotated'],
    ['short names in JSON values', '{"q":"code=E42","note":"key=cart:u1"}'],
  ])('leaves %s alone', (_name, text) => {
    expect(maskSecrets(text)).toBe(text);
  });

  it('names: prefixes and cases count, short names only in URLs', () => {
    expect(
      ['x_access_token', 'wx_token', 'accessToken', 'APP_SECRET', 'encoding_aes_key', 'msg_signature', 'jsapi_ticket'].every((n) =>
        isSecretName(n),
      ),
    ).toBe(true);
    expect(isSecretName('code', 'query')).toBe(true);
    expect(isSecretName('code')).toBe(false);
    expect(isSecretName('design')).toBe(false);
  });
});

describe('maskLogLine', () => {
  it('masks secrets and personal data in one serialised line', () => {
    expect(maskLogLine('{"msg":"13812345678","token":"x"}')).toBe('{"msg":"138****5678","token":"[REDACTED]"}');
  });

  it('finds a number right after a JSON escape (\\n, \\t)', () => {
    const line = JSON.stringify({ text: '电话\n13812345678\t身份证\n11010519491231002X' });
    expect(JSON.parse(maskLogLine(line)).text).toBe('电话\n138****5678\t身份证\n1101**********002X');
  });

  it('masks e-mail addresses and cards in request bodies but keeps order ids', () => {
    const line = JSON.stringify({ orderId: '2025112012345678', body: '邮箱 ａｂｃ＠ｑｑ．ｃｏｍ 卡 6222021234567890128' });
    expect(JSON.parse(maskLogLine(line))).toEqual({ orderId: '2025112012345678', body: '邮箱 a***@qq.com 卡 6222 **** **** 0128' });
  });
});
