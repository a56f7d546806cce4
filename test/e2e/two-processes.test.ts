import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { startKefuProcess, type KefuProcess } from '../helpers/kefu-process';

jest.setTimeout(120_000);

type Frame = {
  type: string;
  message?: { type: string; text?: string; replies?: { title: string }[] };
  on?: boolean;
  userId?: string;
  conversationId?: string;
};

/** Connect, say hello as (userId, conversationId), send one text and collect replies until typing stops. */
async function turn(
  url: string,
  ids: { userId?: string; conversationId?: string },
  text: string,
): Promise<{ ids: { userId: string; conversationId: string }; replies: string[] }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/chat/ws`);
  const frames: Frame[] = [];
  let notify: () => void = () => undefined;
  socket.on('message', (d) => {
    frames.push(JSON.parse(d.toString()) as Frame);
    notify();
  });
  const waitFor = (pred: (f: Frame) => boolean): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; frames: ${JSON.stringify(frames)}`)), 15_000);
      const check = (): void => {
        const hit = frames.find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        }
      };
      notify = check;
      check();
    });
  await new Promise((r) => socket.once('open', r));
  socket.send(JSON.stringify({ type: 'hello', ...ids }));
  const welcome = await waitFor((f) => f.type === 'welcome');
  frames.length = 0;
  socket.send(JSON.stringify({ type: 'message', id: randomUUID().slice(0, 12), text }));
  await waitFor((f) => f.type === 'typing' && f.on === false);
  socket.close();
  const replies = frames
    .filter((f) => f.type === 'reply')
    .map((f) => [f.message?.text ?? '', ...(f.message?.replies ?? []).map((r) => r.title)].join(' '));
  return { ids: { userId: welcome.userId!, conversationId: welcome.conversationId! }, replies };
}

describe('two server processes share one conversation through Redis', () => {
  const schema = `kefu_e2e_${randomUUID().slice(0, 8)}`;
  const prefix = `kefu-e2e-${randomUUID().slice(0, 8)}`;
  const admin = new DataSource({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
  let a: KefuProcess;
  let b: KefuProcess;

  beforeAll(async () => {
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const env = {
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      KEFU_REDIS_PREFIX: prefix,
      HOST: '127.0.0.1',
    };
    [a, b] = await Promise.all([startKefuProcess(env), startKefuProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('continues the new-customer journey turn by turn on alternating processes', async () => {
    const first = await turn(a.url, {}, '你好');
    expect(first.replies.join('\n')).toMatch(/欢迎/);
    expect(first.replies.join('\n')).toMatch(/美妆/); // asks which category, with quick replies
    const second = await turn(b.url, first.ids, '美妆');
    expect(second.replies.join('\n')).not.toMatch(/没太明白/);
    expect(second.replies.length).toBeGreaterThan(0);
    const third = await turn(a.url, first.ids, '我的快递到哪了');
    expect(third.replies.join('\n')).toMatch(/订单/);
    // Web chat has no operators (flows/settings.yaml human_doors): the handoff takes a message instead of going silent.
    const fourth = await turn(b.url, first.ids, '转人工');
    expect(fourth.replies.join('\n')).toMatch(/留言/);
    const fifth = await turn(a.url, first.ids, '有人吗');
    expect(fifth.replies.join('\n')).toMatch(/工单号 GD\d{8}-\d{4}/); // process A continues B's leave-message flow
  });
});
