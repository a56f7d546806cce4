import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { ConsoleClient } from '../../helpers/console-client';

jest.setTimeout(60_000);

const PASSWORD = '正确的密码-correct-horse';

async function withKefu(overrides: Parameters<typeof startTestKefu>[0]): Promise<TestKefu> {
  const running = await startTestKefu(overrides);
  const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
  await users.add('boss', 'admin', PASSWORD);
  await users.add('xiaomei', 'operator', PASSWORD);
  await users.add('market', 'marketing', PASSWORD);
  return running;
}

describe('console API on loopback (real SQLite and Redis)', () => {
  let running: TestKefu;
  let base: string;

  beforeAll(async () => {
    running = await withKefu(() => ({}));
    base = running.kefu.url;
  });
  afterAll(async () => {
    await running?.close();
  });

  it('refuses anonymous requests to every console API route with 401', async () => {
    const anonymous = new ConsoleClient(base, PASSWORD);
    for (const [method, path] of [
      ['GET', '/console/api/me'],
      ['GET', '/console/api/tickets'],
      ['POST', '/console/api/logout'],
    ] as const) {
      const res = await anonymous.call(method, path, method === 'POST' ? {} : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    const forged = new ConsoleClient(base, PASSWORD);
    forged.cookie = `kefu_console=${'A'.repeat(43)}`;
    expect((await forged.call('GET', '/console/api/me')).status).toBe(401);
  });

  it('signs in with the right password only, and sets an HttpOnly SameSite=Strict cookie', async () => {
    const client = new ConsoleClient(base, PASSWORD);
    expect((await client.login('xiaomei', 'wrong-password-123')).status).toBe(401);
    expect((await client.login('nobody-here')).status).toBe(401);
    expect(client.cookie).toBe('');

    const ok = await client.login('xiaomei');
    expect(ok.status).toBe(200);
    expect(ok.json().user).toEqual({ name: 'xiaomei', role: 'operator' });
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kefu_console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/console');

    const me = await client.call('GET', '/console/api/me');
    expect(me.status).toBe(200);
    expect(me.json()).toEqual({ user: { name: 'xiaomei', role: 'operator' }, csrfToken: client.csrf });
  });

  it('requires the CSRF token on non-GET calls, and logout ends the session', async () => {
    const client = new ConsoleClient(base, PASSWORD);
    await client.login('market');
    expect((await client.call('POST', '/console/api/logout', {})).status).toBe(403);
    expect((await client.call('POST', '/console/api/logout', {}, { 'x-kefu-csrf': 'x'.repeat(43) })).status).toBe(403);
    expect((await client.call('GET', '/console/api/me')).status).toBe(200);

    const sessionCookie = client.cookie;
    const out = await client.call('POST', '/console/api/logout', {}, { 'x-kefu-csrf': client.csrf });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    client.cookie = sessionCookie; // the old cookie replayed: the session is gone on the server
    expect((await client.call('GET', '/console/api/me')).status).toBe(401);
  });

  it('lists tickets for operators and admins (shopper masked) and refuses marketing with 403', async () => {
    const { core } = running.kefu;
    const due = Date.now() + 3_600_000;
    await core.tickets.add(
      { userId: 'u-13812345678', channel: 'web', conversation: 'web:-:c-1', text: '请帮我改一下收货地址', dueBy: due },
      Date.now(),
    );
    const operator = new ConsoleClient(base, PASSWORD);
    await operator.login('xiaomei');
    const res = await operator.call('GET', '/console/api/tickets');
    expect(res.status).toBe(200);
    const [ticket] = res.json().tickets;
    expect(ticket).toEqual({
      ref: expect.stringMatching(/^GD\d{8}-\d{4}$/),
      createdAt: expect.any(String),
      channel: 'web',
      shopper: 'u-13*******78',
      text: '请帮我改一下收货地址',
      dueBy: new Date(due).toISOString(),
      status: 'open',
    });
    expect(res.text).not.toContain('13812345678');

    const admin = new ConsoleClient(base, PASSWORD);
    await admin.login('boss');
    expect((await admin.call('GET', '/console/api/tickets')).json().tickets).toHaveLength(1);

    const marketing = new ConsoleClient(base, PASSWORD);
    await marketing.login('market');
    const refused = await marketing.call('GET', '/console/api/tickets');
    expect(refused.status).toBe(403);
    expect(refused.json().error).toBe('FORBIDDEN');
  });

  it('serves the built web app under /console and keeps API paths out of it', async () => {
    const client = new ConsoleClient(base, PASSWORD);
    const page = await client.call('GET', '/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const bundle = await client.call('GET', script!);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    expect((await client.call('GET', '/console/tickets')).text).toBe(page.text); // app routes get the app
    expect((await client.call('GET', '/console/api/nothing')).status).toBe(404);
    expect((await client.call('GET', '/console/assets/missing.js')).status).toBe(404);
    expect((await client.call('GET', '/console/%2e%2e/package.json')).status).toBe(404);
  });
});

describe('console login rate limit', () => {
  let running: TestKefu;

  beforeAll(async () => {
    running = await withKefu(() => ({ adminAuthFailures: 3 }));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('answers 429 with Retry-After after too many failed logins from one address, even with the right password', async () => {
    const client = new ConsoleClient(running.kefu.url, PASSWORD);
    for (let i = 0; i < 3; i++) expect((await client.login('boss', `wrong-${i}-password`)).status).toBe(401);
    const blocked = await client.login('boss');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.json().message).toContain('登录失败次数过多');
  });
});
