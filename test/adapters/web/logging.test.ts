import { Writable } from 'node:stream';
import { createLogger } from '../../../src/index';
import { startChat, TestClient } from './harness';

describe('web chat logging', () => {
  it('logs every accepted message with phone numbers and addresses masked, and logs rate-limit drops', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const chat = await startChat({ logger: createLogger({ level: 'info', destination }), rateLimit: { messages: 2, perMs: 60_000 } });
    const { client } = await TestClient.hello(chat.wsUrl);
    await client.ask('电话13812345678，寄到浙江省杭州市西湖区文三路100号');
    await client.ask('你好');
    client.json({ type: 'message', id: 'over', text: '第三条' });
    await client.next((f) => f.type === 'error' && f.code === 'rate_limited');
    client.close();
    await chat.close();
    const accepted = lines.filter((l) => l.msg === 'web message accepted');
    expect(accepted.map((l) => l.text)).toEqual(['电话138****5678，寄到[地址]', '你好']);
    expect(JSON.stringify(lines)).not.toMatch(/13812345678|文三路/);
    expect(lines.some((l) => l.msg === 'web client over rate limit, messages dropped')).toBe(true);
  });
});
