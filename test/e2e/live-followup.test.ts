import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { douyinSignature } from '../../adapters/live';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { waitUntil } from '../helpers/wait-until';

const SECRET = 'live-followup-secret-0123456789abcdef';
const ENV = `KEFU_TEST_DOUYIN_SECRET_${randomUUID().slice(0, 8).toUpperCase()}`;

/** A whole kefu with a live room: a buyer linked to a kefu user gets exactly one live_followup job; others are counted. */
describe('live rooms → private follow-up', () => {
  let running: TestKefu;

  beforeAll(async () => {
    process.env[ENV] = SECRET;
    running = await startTestKefu((dir) => {
      const file = path.join(dir, 'rooms.yaml');
      writeFileSync(
        file,
        [
          'rooms:',
          '  - id: dy',
          '    title: 测试直播间',
          '    platform: douyin',
          `    flow: ${path.resolve(__dirname, '..', '..', 'flows', 'live', 'answers.yaml')}`,
          `    douyin: { secret_env: ${ENV} }`,
          '    products:',
          '      - { id: P1001, link: 1, title: 加绒连帽卫衣, aliases: [卫衣] }',
          '      - { id: P1002, link: 2, title: 高腰直筒牛仔裤, aliases: [牛仔裤] }',
        ].join('\n'),
      );
      return { liveRooms: file };
    });
  });
  afterAll(async () => {
    await running?.close();
    delete process.env[ENV];
  });

  const push = async (items: unknown[]): Promise<number> => {
    const body = JSON.stringify(items);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const res = await fetch(`${running.kefu.url}/live/douyin/dy`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-nonce-str': nonce,
        'x-signature': douyinSignature(SECRET, timestamp, nonce, body),
      },
      body,
    });
    return res.status;
  };

  it('schedules one job for the linked buyer however often they say it, and counts the unlinked one', async () => {
    const { core } = running.kefu;
    const linked = await core.userStore.resolve('douyin', 'open_linked'); // an operator linked this Douyin viewer
    const vague = await core.userStore.resolve('douyin', 'open_vague'); // linked too; names no product
    const board = () =>
      running.kefu.adapters.find((a) => a.name === 'live') as unknown as {
        boards(): { counts: Record<string, number>; shed: Record<string, number> }[];
      };
    expect(
      await push([
        { msg_id: 'b1', sec_openid: 'open_linked', nickname: '小王', content: '1号链接拍了' },
        { msg_id: 'b2', sec_openid: 'open_stranger', nickname: '路人', content: '我要下单' },
        { msg_id: 'b5', sec_openid: 'open_vague', nickname: '阿杰', content: '我要下单' },
      ]),
    ).toBe(200);
    expect(
      await push([
        { msg_id: 'b3', sec_openid: 'open_linked', nickname: '小王', content: '卫衣已拍，怎么买第二件' },
        { msg_id: 'b4', sec_openid: 'open_linked', nickname: '小王', content: '1号链接拍了' },
      ]),
    ).toBe(200);
    // b3 may be triaged in a later micro-batch than the follow-up: wait until all four buying comments are counted
    await waitUntil(
      () => {
        const counts = board().boards()[0]!.counts;
        return counts.followUps === 2 && counts.unlinkedBuyers === 1 && counts.buying === 4;
      },
      () => board().boards()[0]!.counts,
      10_000,
    );
    const jobs = await core.outreach.queues.due.getJobs(['delayed', 'waiting']);
    const jobOf = (userId: string) => jobs.filter((j) => String(j.id).startsWith('live_followup') && j.data.userId === userId);
    expect(jobOf(linked.id)).toHaveLength(1);
    expect(jobOf(linked.id)[0]!.data.triggerId).toBe('live_followup');
    expect(JSON.stringify(jobOf(linked.id)[0]!.data)).toContain('P1001');
    // 我要下单 names no product: asked which one they want, never followed up about 1号链接
    expect(jobOf(vague.id)).toHaveLength(1);
    expect(jobOf(vague.id)[0]!.data.triggerId).toBe('live_followup_ask');
    expect(JSON.stringify(jobOf(vague.id)[0]!.data)).not.toContain('P1001');
    expect(board().boards()[0]!.counts.buying).toBe(4);
    expect(board().boards()[0]!.shed.repeat).toBe(1); // b4 repeats b1 word for word: dropped early
  });
});
