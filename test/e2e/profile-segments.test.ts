/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are read by shape in the assertions */
import type { FeatureReader, Features } from '../../src/profiles/features';
import { nullFeatures } from '../../src/profiles/feature-names';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';

jest.setTimeout(60_000);

const TOKEN = 'profile-segments-admin-token-2026';
const PASSWORD = 'profile-password-2026';

/** A small in-memory FeatureReader (the real FeatureStore is tested in test/profiles by its own engineer). */
class MemoryFeatures implements FeatureReader {
  constructor(readonly byUser: Map<string, Partial<Features>>) {}
  async features(userId: string): Promise<Features> {
    return { ...nullFeatures(), ...(this.byUser.get(userId) ?? {}) } as Features;
  }
}

describe('profile tags and segments through the real admin and console APIs (SQLite + Redis)', () => {
  let running: TestKefu;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    running = await startTestKefu(() => ({ adminToken: TOKEN }));
    const core = running.kefu.core;
    const make = async (name: string, patch: Parameters<typeof core.users.update>[1]) => {
      const user = await core.users.resolve('web', `seg-${name}`);
      await core.users.update(user.id, patch);
      ids[name] = user.id;
    };
    await make('mom', { attributes: { gender: '女', has_children: true } });
    await make('sleeper', { isNew: false });
    await make('fresh', {});
    const features = new MemoryFeatures(new Map([[ids.sleeper!, { total_spent: 8000, days_since_last_order: 120 }]]));
    core.profiles.tags.useFeatures(features);
    await core.records.add('complaint', ids.sleeper!, { text: '快递三天没动' }, Date.now()); // service history: 投诉待处理
    await new TypeormConsoleUsers(core.dataSource).add('xiaoli', 'operator', PASSWORD);
    await new TypeormConsoleUsers(core.dataSource).add('boss', 'admin', PASSWORD);
  });
  afterAll(() => running?.close());

  const admin = (path: string, body?: unknown) =>
    fetch(`${running.kefu.url}/admin/api/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('counts every segment live, then serves the count from the cache for a minute', async () => {
    const res = await admin('segments');
    expect(res.status).toBe(200);
    const first = (await res.json()) as any;
    const count = (name: string) => first.segments.find((s: any) => s.name === name)?.count;
    expect(first.users).toBe(3);
    expect(first.cached).toBe(false);
    expect(count('moms')).toBe(1);
    expect(count('vip_sleepers')).toBe(1);
    expect(count('service_at_risk')).toBe(1);
    expect(count('new_customers')).toBe(2);
    expect(first.segments.find((s: any) => s.name === 'vip_sleepers').title).toBe('沉睡的高价值顾客');
    await running.kefu.core.users.update(ids.fresh!, { attributes: { gender: '女', has_children: true } });
    const again = (await (await admin('segments')).json()) as any;
    expect(again.cached).toBe(true);
    expect(again.segments.find((s: any) => s.name === 'moms').count).toBe(1); // still the counted minute
  });

  it('schedules a campaign to a segment (and 404s an unknown one)', async () => {
    const res = await admin('campaigns', { id: 'wake_vips', segment: 'vip_sleepers', text: '好久不见，送您一张回归专享券～' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: 'wake_vips', users: 1, chunks: 1 });
    const job = await running.kefu.core.outreach.queues.due.getJob('campaign.wake_vips.0');
    expect(job?.data.userIds).toEqual([ids.sleeper]);
    const unknown = await admin('campaigns', { id: 'nobody', segment: 'no_such_segment', text: 'hi' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).message).toContain('vip_sleepers');
    expect((await admin('campaigns', { id: 'two', segment: 'moms', tag: 'x', text: 'hi' })).status).toBe(400);
  });

  it("shows a shopper's profile tags to a signed-in admin by user id (operators: through a handoff only), ids masked", async () => {
    const url = `${running.kefu.url}/console/api/shoppers/${ids.sleeper}/profile`;
    expect((await fetch(url)).status).toBe(401);
    const signIn = async (name: string): Promise<string> => {
      const login = await fetch(`${running.kefu.url}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: PASSWORD }),
      });
      return login.headers.get('set-cookie')!.split(';')[0]!;
    };
    expect((await fetch(url, { headers: { cookie: await signIn('xiaoli') } })).status).toBe(403);
    const cookie = await signIn('boss');
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.shopper.id).not.toBe(ids.sleeper);
    expect(body.shopper.id).toContain('*');
    expect(body.tags).toEqual(expect.arrayContaining(['高消费', '沉睡客', '投诉过', '投诉待处理', '服务风险']));
    expect(body.groups.find((g: any) => g.group === '服务').tags.map((t: any) => t.name)).toContain('投诉过');
    expect(body.service.complaints_open).toBe(1);
    expect(body.features.total_spent).toBe(8000);
    expect((await fetch(`${running.kefu.url}/console/api/shoppers/nobody/profile`, { headers: { cookie } })).status).toBe(404);
  });

  it('flows see the profile tags as user.tags and profile.tags', async () => {
    const core = running.kefu.core;
    const user = (await core.users.get(ids.mom!))!;
    const profile = await core.profiles.tags.ofUser(user);
    expect(profile.tags).toEqual(expect.arrayContaining(['女性', '宝妈']));
    expect(user.tags).not.toContain('宝妈'); // computed, never written into kefu's own tags
  });
});
