import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRoomsFile, parseDanmu, type LiveComment } from '../../../adapters/live';
import { BilibiliSource } from '../../../adapters/live/sources/bilibili-source';
import { createLogger } from '../../../src/index';
import { FakeBilibiliLive } from '../../helpers/fake-bilibili-live/fake-bilibili-live';
import { ANSWERS } from './live-rooms';
import { waitUntil } from '../../helpers/wait-until';

/** The Bilibili open platform (直播开放平台): its auth body from the environment, its LIVE_OPEN_PLATFORM_DM comments. */
describe('a Bilibili open-platform room', () => {
  const fake = new FakeBilibiliLive();
  const AUTH = { roomid: 5550001, protover: 2, uid: 0, key: 'open-platform-key-abc', group: 'open' };
  let source: BilibiliSource;
  const comments: LiveComment[] = [];

  beforeAll(async () => {
    await fake.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-live-open-'));
    const file = path.join(dir, 'rooms.yaml');
    writeFileSync(
      file,
      [
        'rooms:',
        '  - id: open',
        '    title: 开放平台直播间',
        '    platform: bilibili',
        '    room_id: 5550001',
        `    flow: ${ANSWERS}`,
        `    bilibili: { address: "${fake.url}", protover: 2, auth_body_env: KEFU_TEST_BILI_AUTH }`,
      ].join('\n'),
    );
    const [room] = loadRoomsFile(file, { KEFU_TEST_BILI_AUTH: JSON.stringify(AUTH) });
    expect(room!.bilibili).toEqual({ address: fake.url, protover: 2, authBody: AUTH });
    source = new BilibiliSource(room!, createLogger({ level: 'silent' }));
    await source.start((c) => comments.push(c));
  });
  afterAll(async () => {
    await source.stop();
    await fake.stop();
  });

  it('authenticates with the open platform auth body as it is, and reads LIVE_OPEN_PLATFORM_DM', async () => {
    await waitUntil(
      () => fake.connections[0]?.auth !== undefined,
      () => fake.connections.length,
      5000,
    );
    expect(fake.connections[0]!.auth).toEqual(AUTH); // not the web room's { uid, roomid, protover, platform, type }
    await waitUntil(
      () => source.status().state === 'online',
      () => source.status(),
    );
    fake.push(
      [
        {
          cmd: 'LIVE_OPEN_PLATFORM_DM',
          data: { msg: '1号链接有货吗', open_id: 'open-9f2c', uname: '小王', msg_id: 'dm-1', room_id: 5550001 },
        },
        { cmd: 'LIVE_OPEN_PLATFORM_DM', data: { msg: '包邮吗', uid: 42, uname: '阿杰' } },
        { cmd: 'LIVE_OPEN_PLATFORM_SEND_GIFT', data: { gift_name: '小心心' } },
      ],
      'zlib',
    );
    await waitUntil(
      () => comments.length === 2,
      () => comments,
    );
    expect(comments.map(({ uid, name, text, msgId }) => ({ uid, name, text, msgId }))).toEqual([
      { uid: 'open-9f2c', name: '小王', text: '1号链接有货吗', msgId: 'dm-1' },
      { uid: '42', name: '阿杰', text: '包邮吗', msgId: undefined },
    ]);
  });

  it('parses comments defensively', () => {
    expect(parseDanmu({ cmd: 'LIVE_OPEN_PLATFORM_DM', data: { open_id: 'x' } })).toBeUndefined(); // no msg
    expect(parseDanmu({ cmd: 'LIVE_OPEN_PLATFORM_DM', data: { msg: '在吗', uid: 0 } })).toEqual({ uid: '', name: '', text: '在吗' });
    expect(parseDanmu({ cmd: 'DANMU_MSG', info: [[], '包邮吗', [0, '小***']] })).toEqual({ uid: '', name: '小***', text: '包邮吗' });
    expect(parseDanmu({ cmd: 'DANMU_MSG:4:0:2:2:2:0', info: [[], '几号链接', [7, '莉莉']] })).toMatchObject({ uid: '7', text: '几号链接' });
    expect(parseDanmu('not an object')).toBeUndefined();
  });
});
