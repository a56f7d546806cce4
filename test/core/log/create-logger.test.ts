import { Writable } from 'node:stream';
import { createLogger } from '../../../src/core/log/create-logger';

/** A destination stream that keeps every line written. */
function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('masks phones, addresses and secrets in every field of every line', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', name: 'test', destination: stream });
    log.info({ text: '电话 138-1234-5678', to: '浙江省杭州市西湖区文三路100号' }, '收到 13912345678 的消息');
    log.info({ req: { url: '/wx?access_token=SECRETVALUE', headers: { authorization: 'Bearer abcdefghijk' } } }, 'request');
    log.warn({ wechat: { encodingAESKey: 'AESKEYVALUE', nested: { password: 'hunter2' } } }, 'config');
    const all = lines.join('\n');
    expect(lines).toHaveLength(3);
    for (const secret of ['1234-5678', '13912345678', '文三路', 'SECRETVALUE', 'abcdefghijk', 'AESKEYVALUE', 'hunter2']) {
      expect(all).not.toContain(secret);
    }
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ name: 'test', text: '电话 138****5678', to: '[地址]', msg: '收到 139****5678 的消息' });
    expect(JSON.parse(lines[1]!).req.url).toBe('/wx?access_token=[REDACTED]');
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'warn', destination: stream });
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });
});
