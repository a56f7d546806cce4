import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { ConsoleClient } from '../../helpers/console-client';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';

jest.setTimeout(90_000);

const PASSWORD = 'route-roles-password-2026';

/** Who may call a console API route: nobody signed in (`public`), every role, or this role and admin. */
type Needs = 'public' | 'any' | 'operator' | 'marketing' | 'admin';

/**
 * The role each `/console/api/*` route needs, by `METHOD path` as fastify registers it. A route the server registers
 * without an entry here fails the test: add it with the role it should need.
 */
const EXPECTED: Record<string, Needs> = {
  'POST /console/api/login': 'public',
  'POST /console/api/logout': 'any',
  'GET /console/api/me': 'any',
  'GET /console/api/kpis/service': 'any', // the 数据 page: every role reads the service KPIs
  'GET /console/api/tickets': 'operator',
  'GET /console/api/quality/sessions': 'operator',
  'GET /console/api/channels': 'operator',
  'GET /console/api/canned-replies': 'operator',
  'POST /console/api/canned-replies': 'operator',
  'DELETE /console/api/canned-replies/:id': 'operator',
  'GET /console/api/inbox': 'operator',
  'GET /console/api/inbox/events': 'operator',
  'GET /console/api/inbox/:id': 'operator',
  'POST /console/api/inbox/:id/take': 'operator',
  'POST /console/api/inbox/:id/transfer': 'operator',
  'POST /console/api/inbox/:id/reply': 'operator',
  'POST /console/api/inbox/:id/close': 'operator',
  'GET /console/api/inbox-operators': 'operator',
  'GET /console/api/inbox-presence': 'operator',
  'POST /console/api/inbox-presence': 'operator',
  'GET /console/api/inbox-products': 'operator',
  'GET /console/api/inbox-coupons': 'operator',
  'GET /console/api/shoppers/:id/profile': 'operator',
  'GET /console/api/experiments': 'marketing',
  'GET /console/api/experiments/:id': 'marketing',
  'POST /console/api/experiments/:id/stop': 'marketing',
  'POST /console/api/experiments/:id/promote': 'marketing',
  'GET /console/api/holdouts': 'marketing',
  'GET /console/api/holdouts/:id': 'marketing',
  'GET /console/api/studio/versions': 'marketing',
  'GET /console/api/studio/versions/:id': 'marketing',
  'GET /console/api/studio/versions/:id/graph/:flow': 'marketing',
  'GET /console/api/studio/versions/:id/diff': 'marketing',
  'POST /console/api/studio/versions/:id/discard': 'marketing',
  'POST /console/api/studio/versions/:id/files': 'marketing',
  'POST /console/api/studio/versions/:id/check': 'marketing',
  'POST /console/api/studio/versions/:id/simulate': 'marketing',
  'POST /console/api/studio/versions/:id/publish': 'marketing',
  'POST /console/api/studio/versions/:id/rollback': 'marketing',
  'GET /console/api/studio/flows': 'marketing',
  'POST /console/api/studio/drafts': 'marketing',
  'GET /console/api/users': 'admin',
  'POST /console/api/users': 'admin',
  'POST /console/api/users/:name/disable': 'admin',
  'POST /console/api/users/:name/enable': 'admin',
  'POST /console/api/users/:name/password': 'admin',
  'POST /console/api/users/:name/role': 'admin',
};

/** The roles below what a route needs (each must get 403). */
const REFUSED: Record<Needs, string[]> = {
  public: [],
  any: [],
  operator: ['marketing'],
  marketing: ['operator'],
  admin: ['operator', 'marketing'],
};

/**
 * Every `METHOD path` the server registers, read from fastify's own route tree (`printRoutes`): each line is a node
 * whose path continues its parent's; HEAD is fastify's automatic twin of GET and left out.
 */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return routes;
}

describe('every console API route the running server registers refuses anonymous and wrong-role requests', () => {
  let running: TestKefu;
  let base: string;
  const clients: Record<string, ConsoleClient> = {};

  beforeAll(async () => {
    running = await startTestKefu();
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('boss', 'admin', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
    for (const [role, name] of [
      ['operator', 'xiaomei'],
      ['marketing', 'market'],
    ] as const) {
      clients[role] = new ConsoleClient(base, PASSWORD);
      expect((await clients[role].login(name)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await running?.close();
  });

  it('lists the console API routes, each with an expected role (a new route needs an entry here)', () => {
    const api = registeredRoutes(running.kefu.app.printRoutes({ commonPrefix: false })).filter((r) =>
      r.split(' ')[1]!.startsWith('/console/api/'),
    );
    expect(api.length).toBeGreaterThan(40);
    expect(api).toContain('POST /console/api/inbox/:id/reply'); // the parser reads nested nodes
    expect(api.filter((r) => !(r in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !api.includes(r))).toEqual([]); // the table names no route that is gone
  });

  it('answers 401 without a session and 403 to a role below the one the route needs', async () => {
    const api = registeredRoutes(running.kefu.app.printRoutes({ commonPrefix: false })).filter((r) =>
      r.split(' ')[1]!.startsWith('/console/api/'),
    );
    const anonymous = new ConsoleClient(base);
    const wrong: string[] = [];
    for (const route of api) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(/:[A-Za-z]+/g, '1');
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const needs = EXPECTED[route] ?? 'public';
      if (needs !== 'public') {
        const res = await anonymous.call(method, path, body);
        if (res.status !== 401) wrong.push(`${route} anonymous → ${res.status}, expected 401`);
      }
      for (const role of REFUSED[needs]) {
        const client = clients[role]!;
        const res = await client.call(method, path, body, method === 'GET' ? {} : { 'x-kefu-csrf': client.csrf });
        // the role refusal itself, not a CSRF one (the token is sent) nor a 404 of the made-up id
        if (res.status !== 403 || !String(res.body.message).includes('角色'))
          wrong.push(`${route} as ${role} → ${res.status} ${res.text.slice(0, 80)}, expected 403 (role)`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
