import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';
import { LiveAdapter } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { waitUntil } from '../../helpers/wait-until';
import { testRoom } from './live-rooms';

/** The generic WebSocket/JSON source against a shop's live server on loopback: comments in, `{type:'reply'}` out. */
describe('a generic socket live room', () => {
  let wss: WebSocketServer;
  const clients: WebSocket[] = [];
  const replies: unknown[] = [];
  let redis: Redis;
  let live: LiveAdapter;

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (socket) => {
      clients.push(socket);
      socket.on('message', (data) => replies.push(JSON.parse(String(data))));
    });
    redis = new Redis('redis://127.0.0.1:6379');
    live = new LiveAdapter({
      rooms: [testRoom({ id: 'mini', platform: 'socket', socket: { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` } })],
      redis,
      logger: createLogger({ level: 'silent' }),
      settings: { gatherMs: 1000 },
    });
    await live.start();
  });
  afterAll(async () => {
    await live.stop();
    clients.forEach((c) => c.terminate());
    await new Promise((r) => wss.close(r));
    redis.disconnect();
  });

  it('reads single and batched frames, counts bad ones, and answers on the same socket', async () => {
    await waitUntil(
      () => clients.length === 1 && live.boards()[0]!.source.state === 'online',
      () => live.boards()[0]!.source,
      5000,
    );
    const shop = clients[0]!;
    shop.send(JSON.stringify({ id: 'm1', uid: 'u1', name: '小王', text: '包邮吗' }));
    shop.send(
      JSON.stringify([
        { id: 'm2', uid: 'u2', name: '阿杰', text: '包邮吗？' },
        { id: 'm3', uid: 'u3', name: '莉莉', text: '这个包邮不' },
        { id: 'm4', uid: 'u4', name: '没字' },
      ]),
    );
    shop.send('not json');
    await waitUntil(
      () => replies.length >= 1,
      () => live.boards()[0],
      5000,
    );
    expect(replies).toEqual([{ type: 'reply', text: '@小王 @阿杰 @莉莉 包邮的哦～偏远地区除外' }]);
    const board = live.boards()[0]!;
    expect(board.counts.received).toBe(3);
    expect(board.source.rejected).toBe(2); // a frame without text, a frame that is not JSON
    await waitUntil(
      () => live.boards()[0]!.answers[0]?.delivered === 'sent',
      () => live.boards()[0]!.answers,
    );
  });

  it('keeps answers on the board when the socket is down, and reconnects', async () => {
    clients[0]!.terminate();
    await waitUntil(
      () => live.boards()[0]!.source.state === 'offline',
      () => live.boards()[0]!.source,
      5000,
    );
    await expect(live.send({ channel: 'live', conversationId: 'mini', userId: '' }, { type: 'text', text: '测试' })).rejects.toThrow(
      /not connected/,
    );
    await waitUntil(
      () => clients.length === 2 && live.boards()[0]!.source.state === 'online',
      () => live.boards()[0]!.source,
      5000,
    );
    await live.send({ channel: 'live', conversationId: 'mini', userId: '' }, { type: 'text', text: '今晚8点上新' });
    await waitUntil(
      () => replies.length === 2,
      () => replies,
    );
    expect(replies[1]).toEqual({ type: 'reply', text: '今晚8点上新' });
  });
});
