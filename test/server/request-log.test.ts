import { serializeRequest, urlForLog } from '../../src/server/request-log';

describe('request log URLs', () => {
  it('keep the path and the query names, and mask every query value', () => {
    expect(urlForLog('/wechat/official/wx1?signature=ab12&timestamp=1800000000&nonce=42&openid=oUser&encrypt_type=aes')).toBe(
      '/wechat/official/wx1?signature=***&timestamp=***&nonce=***&openid=***&encrypt_type=***',
    );
    expect(urlForLog('/u?u=abc&t=sig')).toBe('/u?u=***&t=***');
    expect(urlForLog('/healthz')).toBe('/healthz');
    expect(urlForLog('/x?')).toBe('/x');
    expect(urlForLog('/x?flag')).toBe('/x?flag=***');
  });

  it('do not echo odd or endless parameter names', () => {
    expect(urlForLog(`/x?${'a'.repeat(100)}=1&%3Cscript%3E=2`)).toBe('/x??=***&?=***');
    const many = Array.from({ length: 30 }, (_, i) => `p${i}=${i}`).join('&');
    const logged = urlForLog(`/x?${many}`);
    expect(logged.split('&')).toHaveLength(21);
    expect(logged.endsWith('&…')).toBe(true);
  });

  it("serialise a request like fastify's own serializer, with the URL masked", () => {
    const req = { method: 'POST', url: '/wecom/kf?msg_signature=s&timestamp=1&nonce=n', host: 'kefu.example', ip: '10.0.0.1', headers: {} };
    expect(serializeRequest({ ...req, socket: { remotePort: 5000 } })).toEqual({
      method: 'POST',
      url: '/wecom/kf?msg_signature=***&timestamp=***&nonce=***',
      version: undefined,
      host: 'kefu.example',
      remoteAddress: '10.0.0.1',
      remotePort: 5000,
    });
  });
});
