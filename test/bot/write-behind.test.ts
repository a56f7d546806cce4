import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { BufferedTurnRecorder } from '../../src/bot/buffered-turn-recorder';
import { CachedUserDirectory } from '../../src/bot/cached-user-directory';
import { ConversationLog, createDataSource, TypeormUserDirectory } from '../../src/store';

const logger = pino({ level: 'silent' });
const ref = (n: number) => ({ channel: 'web', conversationId: `c${n}`, userId: `u${n}` });
const turn = (n: number, text: string) => ({
  ref: ref(n),
  inbound: { id: `${n}-${text}`, ref: ref(n), kind: 'text' as const, text, receivedAt: Date.now() },
  replies: [{ type: 'text' as const, text: `回复：${text}` }],
  mode: 'bot' as const,
});

describe('write-behind conversation log and cached users (SQLite)', () => {
  let dir: string;
  let ds: DataSource;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-wb-'));
    ds = await createDataSource(`sqlite:${path.join(dir, 'k.sqlite')}`);
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes queued turns in order, several turns of one conversation in one batch', async () => {
    const log = new ConversationLog(ds);
    const recorder = new BufferedTurnRecorder(log, { logger, maxDelayMs: 1000 });
    for (const text of ['你好', '有XL吗', '谢谢']) await recorder.recordTurn(turn(1, text));
    await recorder.recordTurn(turn(2, '在吗'));
    expect(await log.history('web:-:c1')).toHaveLength(0); // still queued
    await recorder.flush();
    const history = await log.history('web:-:c1');
    expect(history.map((m) => m.text)).toEqual(['你好', '回复：你好', '有XL吗', '回复：有XL吗', '谢谢', '回复：谢谢']);
    expect((await log.getConversation('web:-:c1'))?.turns).toBe(3);
    await recorder.recordTurn(turn(1, '再见'));
    await recorder.close();
    expect((await log.getConversation('web:-:c1'))?.turns).toBe(4);
    expect((await log.history('web:-:c2')).map((m) => m.text)).toEqual(['在吗', '回复：在吗']);
  });

  it('flushes by itself after maxDelayMs', async () => {
    const log = new ConversationLog(ds);
    const recorder = new BufferedTurnRecorder(log, { logger, maxDelayMs: 5 });
    await recorder.recordTurn(turn(3, '到哪了'));
    await new Promise((r) => setTimeout(r, 100));
    expect(await log.history('web:-:c3')).toHaveLength(2);
  });

  it('reuses a resolved user within the TTL and refreshes it on update', async () => {
    const store = new TypeormUserDirectory(ds);
    let now = 0;
    const users = new CachedUserDirectory(store, { ttlMs: 1000, now: () => now });
    const first = await users.resolve('web', 'cache-1');
    await store.update(first.id, { tags: ['vip'] }); // behind the cache's back
    expect((await users.resolve('web', 'cache-1')).tags).toEqual([]);
    now = 2000;
    expect((await users.resolve('web', 'cache-1')).tags).toEqual(['vip']);
    await users.update(first.id, { optedOut: true });
    expect((await users.resolve('web', 'cache-1')).optedOut).toBe(true);
  });
});
