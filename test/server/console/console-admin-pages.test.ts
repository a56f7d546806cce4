import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { pollUntil } from '../../helpers/wait-until';
import { ConsoleClient } from '../../helpers/console-client';

jest.setTimeout(60_000);

const PASSWORD = '正确的密码-correct-horse';

describe('console 渠道 and 账号 routes, Bull Board at /console/queues (loopback, real SQLite and Redis)', () => {
  let running: TestKefu;
  let base: string;
  const signedIn = async (name: string, password = PASSWORD): Promise<ConsoleClient> => {
    const client = new ConsoleClient(base, PASSWORD);
    expect((await client.login(name, password)).status).toBe(200);
    return client;
  };

  beforeAll(async () => {
    running = await startTestKefu();
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('boss', 'admin', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('refuses anonymous callers with 401 (Bull Board sends browsers to the sign-in page)', async () => {
    const anonymous = new ConsoleClient(base, PASSWORD);
    for (const [method, path] of [
      ['GET', '/console/api/channels'],
      ['GET', '/console/api/users'],
      ['POST', '/console/api/users'],
      ['POST', '/console/api/users/xiaomei/disable'],
      ['POST', '/console/api/users/xiaomei/password'],
      ['GET', '/console/queues/api/queues'],
    ] as const) {
      const res = await anonymous.call(method, path, method === 'POST' ? {} : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    const page = await anonymous.call('GET', '/console/queues', undefined, { accept: 'text/html' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/console');
  });

  it('refuses wrong roles with 403: operators see channels but not accounts or Bull Board; marketing neither', async () => {
    const operator = await signedIn('xiaomei');
    expect((await operator.call('GET', '/console/api/channels')).status).toBe(200);
    expect((await operator.call('GET', '/console/api/users')).status).toBe(403);
    const add = await operator.post('/console/api/users', { name: 'sneaky', role: 'admin', password: 'long-enough-pass' });
    expect(add.status).toBe(403);
    expect((await operator.call('GET', '/console/queues', undefined, { accept: 'text/html' })).status).toBe(403);
    expect((await operator.call('GET', '/console/queues/api/queues')).status).toBe(403);
    const marketing = await signedIn('market');
    expect((await marketing.call('GET', '/console/api/channels')).status).toBe(403);
    expect((await marketing.call('GET', '/console/api/users')).status).toBe(403);
  });

  it('refuses account changes without the CSRF token (403)', async () => {
    const admin = await signedIn('boss');
    const noToken = await admin.call('POST', '/console/api/users', { name: 'xiaoli', role: 'operator', password: 'long-enough-pass' });
    expect(noToken.status).toBe(403);
    expect((await admin.call('POST', '/console/api/users/xiaomei/disable', {})).status).toBe(403);
    const list = (await admin.call('GET', '/console/api/users')).json();
    expect(list.users.map((u: { name: string }) => u.name)).not.toContain('xiaoli');
  });

  it('shows the running channels and the job counts per queue; admins may open Bull Board', async () => {
    await running.kefu.core.outreach.queues.due.add('probe', { n: 1 }, { delay: 3_600_000, jobId: 'console-probe' });
    const operator = await signedIn('xiaomei');
    type Seen = { channels: unknown[]; queues: { name: string; delayed: number }[]; board: boolean };
    const delayedOf = (seen: Seen) => seen.queues.find((q) => q.name === 'outreach')?.delayed;
    // counts are reused for 2 s (many open consoles, one count), so the new job shows within a few seconds
    const read = async (): Promise<Seen> => (await operator.call('GET', '/console/api/channels')).json();
    const seen = await pollUntil(read, (s) => delayedOf(s) === 1, 5000, 'the delayed probe job in the counts');
    expect(seen.channels).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'web', state: 'online' })]));
    expect(seen.queues).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'outreach', delayed: 1 })]));
    expect(seen.board).toBe(false);

    const admin = await signedIn('boss');
    expect((await admin.call('GET', '/console/api/channels')).json().board).toBe(true);
    const page = await admin.call('GET', '/console/queues', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<base href="/console/queues/"');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    const asset = await admin.call('GET', `/console/queues/${script}`);
    expect(asset.status).toBe(200); // served from the package, not a CDN
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await new ConsoleClient(base, PASSWORD).call('GET', `/console/queues/${script}`)).status).toBe(401);
    const api = await admin.call('GET', '/console/queues/api/queues');
    expect(api.status).toBe(200);
    const outreach = api.json().queues.find((q: { name: string }) => q.name === 'outreach');
    expect(outreach.counts.delayed).toBe(1);
    const crossSite = await admin.call('PUT', '/console/queues/api/queues/outreach/pause', undefined, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
  });

  it('lets an admin add, disable, enable and reset accounts; a disabled account loses its sessions at once', async () => {
    const admin = await signedIn('boss');
    const short = await admin.post('/console/api/users', { name: 'xiaoli', role: 'operator', password: 'short' });
    expect(short.status).toBe(400);
    const added = await admin.post('/console/api/users', { name: 'xiaoli', role: 'operator', password: 'xiaoli-first-pass' });
    expect(added.status).toBe(201);
    expect((await admin.post('/console/api/users', { name: 'xiaoli', role: 'admin', password: 'xiaoli-first-pass' })).status).toBe(409);

    const xiaoli = await signedIn('xiaoli', 'xiaoli-first-pass');
    expect((await xiaoli.call('GET', '/console/api/channels')).status).toBe(200);
    const listed = (await admin.call('GET', '/console/api/users')).json().users.find((u: { name: string }) => u.name === 'xiaoli');
    expect(listed).toMatchObject({ role: 'operator', disabled: false });
    expect(Date.parse(listed.lastLoginAt)).toBeGreaterThan(Date.parse(listed.createdAt) - 1);

    expect((await admin.post('/console/api/users/xiaoli/disable')).status).toBe(200);
    expect((await xiaoli.call('GET', '/console/api/me')).status).toBe(401);
    expect((await new ConsoleClient(base, PASSWORD).login('xiaoli', 'xiaoli-first-pass')).status).toBe(401);
    expect((await admin.call('GET', '/console/api/users')).json().users).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'xiaoli', disabled: true })]),
    );

    expect((await admin.post('/console/api/users/xiaoli/enable')).status).toBe(200);
    expect((await xiaoli.call('GET', '/console/api/me')).status).toBe(401); // the old session stays ended
    const again = await signedIn('xiaoli', 'xiaoli-first-pass');

    expect((await admin.post('/console/api/users/xiaoli/password', { password: 'xiaoli-second-pass' })).status).toBe(200);
    expect((await again.call('GET', '/console/api/me')).status).toBe(401);
    expect((await new ConsoleClient(base, PASSWORD).login('xiaoli', 'xiaoli-first-pass')).status).toBe(401);
    await signedIn('xiaoli', 'xiaoli-second-pass');
    expect((await admin.post('/console/api/users/nobody/disable')).status).toBe(404);
  });

  it('never leaves the console without an enabled admin', async () => {
    const admin = await signedIn('boss');
    const selfDisable = await admin.post('/console/api/users/boss/disable');
    expect(selfDisable.status).toBe(409);
    expect(selfDisable.json().message).toContain('最后一个管理员');
    expect((await admin.post('/console/api/users/boss/role', { role: 'operator' })).status).toBe(409);
    expect((await admin.call('GET', '/console/api/users')).status).toBe(200); // still admin, still signed in

    expect((await admin.post('/console/api/users/market/role', { role: 'admin' })).status).toBe(200);
    expect((await admin.post('/console/api/users/boss/role', { role: 'operator' })).status).toBe(200);
    expect((await admin.call('GET', '/console/api/users')).status).toBe(403); // the new role applies at once
    const market = await signedIn('market');
    expect((await market.post('/console/api/users/boss/role', { role: 'admin' })).status).toBe(200);
  });
});
