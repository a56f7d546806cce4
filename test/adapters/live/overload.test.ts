import { LiveRoom } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { testRoom } from './live-rooms';

/** Above capacity the queue sheds chatter before questions, and counts what it shed. */
describe('a live room under overload', () => {
  it('sheds low-value comments first and keeps the questions', async () => {
    let t = 1_000_000;
    const room = new LiveRoom(testRoom({ id: 'busy', platform: 'socket' }), {
      publish: async () => 'board',
      source: () => ({ state: 'online', gaps: 0, duplicates: 0, rejected: 0 }),
      logger: createLogger({ level: 'silent' }),
      // a burst faster than triage: nothing is classified until the burst is in (no tick, batches larger than it)
      settings: { capacity: 50, batchSize: 10_000, maxAgeMs: 60_000 },
      now: () => t,
    });
    const chatter = ['今天的衣服好好看', '主播的发型不错', '刚下班来看看', '这个颜色真显白'];
    for (let i = 0; i < 200; i++) {
      t += 1;
      room.ingest({ room: 'busy', uid: `c${i}`, name: `观众${i}`, text: chatter[i % 4]!, receivedAt: t });
      if (i % 5 === 0) room.ingest({ room: 'busy', uid: `q${i}`, name: `问${i}`, text: '包邮吗', receivedAt: t });
      if (i % 10 === 0)
        room.ingest({ room: 'busy', uid: `g${i}`, name: `路人${i}`, text: i % 20 === 0 ? '主播好' : '666666', receivedAt: t });
    }
    await room.drained();
    const board = room.snapshot();
    expect(board.counts.received).toBe(260);
    expect(board.shed.greeting).toBe(10); // dropped early, never queued
    expect(board.shed.emoji).toBe(10);
    expect(board.shed.overload_question).toBe(0);
    expect(board.shed.overload_chatter).toBe(200 - (50 - 40)); // 40 questions kept; chatter filled the rest
    expect(board.groups[0]).toMatchObject({ key: 'free_shipping', count: 40 });
    expect(board.counts.queued).toBe(0);
  });

  it('sheds questions only when the queue holds nothing else, and stale comments when taken', async () => {
    let t = 0;
    const room = new LiveRoom(testRoom({ id: 'full', platform: 'socket' }), {
      publish: async () => 'board',
      source: () => ({ state: 'online', gaps: 0, duplicates: 0, rejected: 0 }),
      logger: createLogger({ level: 'silent' }),
      settings: { capacity: 10, batchSize: 10_000, maxAgeMs: 500 },
      now: () => t,
    });
    for (let i = 0; i < 15; i++) room.ingest({ room: 'full', uid: `q${i}`, name: `问${i}`, text: '几号链接？', receivedAt: t });
    t = 1000; // they waited longer than maxAgeMs
    await room.drained();
    const board = room.snapshot();
    expect(board.shed.overload_question).toBe(5);
    expect(board.shed.stale).toBe(10);
    expect(board.counts.triaged).toBe(0);
  });
});
