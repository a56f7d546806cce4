import { Redis } from 'ioredis';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';
import { startSurfaces, type Surfaces } from './surfaces';

// The unsubscribe link as src/main.ts mounts it, over loopback: GET shows a confirm page and changes nothing
// (link scanners fetch every URL), the form's POST opts the shopper out.

let prefix: string;
let redis: Redis;
let s: Surfaces;

beforeEach(async () => {
  prefix = testPrefix();
  redis = new Redis(REDIS);
  s = await startSurfaces({ redis, prefix });
});
afterEach(async () => {
  await s.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** The hidden fields and action of the confirm page's one form. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  expect(form).not.toBeNull();
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields = Object.fromEntries(
    [...form![2]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, decode(m[2]!)]),
  );
  return { action: form![1]!, fields };
}

const post = (fields: Record<string, string>, path = '/unsubscribe') =>
  fetch(`${s.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

describe('GET /unsubscribe confirms, POST /unsubscribe opts out', () => {
  it('GET with a valid link answers the Chinese confirm page and changes nothing, however often it is fetched', async () => {
    const user = await s.users.resolve('web', 'shopper-1');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(s.links.url(user.id).replace('http://shop.test', s.base));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('确认退订');
      expect(html).toContain('不再收到本店的主动消息');
      expect(html).not.toContain('已退订');
      const { action, fields } = formOf(html);
      expect(action).toBe('unsubscribe'); // relative: also right behind a path prefix of KEFU_PUBLIC_URL
      expect(fields).toEqual({ u: user.id, t: new URL(s.links.url(user.id)).searchParams.get('t') });
    }
    expect(s.users.map.get(user.id)).toMatchObject({ optedOut: false, tags: [] });
  });

  it("POSTing the confirm page's form opts the shopper out and answers 已退订", async () => {
    const user = await s.users.resolve('web', 'shopper-2');
    await s.users.update(user.id, { tags: ['vip'] });
    const page = await (await fetch(s.links.url(user.id).replace('http://shop.test', s.base))).text();
    const res = await post(formOf(page).fields, `/${formOf(page).action}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已退订');
    expect(s.users.map.get(user.id)).toMatchObject({ optedOut: true, tags: ['vip', 'unsubscribed'] });
  });

  it('an invalid link is 403 on GET and POST and changes nothing', async () => {
    const user = await s.users.resolve('web', 'shopper-3');
    const t = new URL(s.links.url(user.id)).searchParams.get('t')!;
    const forged = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    const other = await s.users.resolve('web', 'shopper-4');
    const invalidLinks: Record<string, string>[] = [
      { u: user.id, t: forged },
      { u: other.id, t },
      { u: user.id },
      { t },
      { u: 'web-nobody', t },
    ];
    for (const fields of invalidLinks) {
      const get = await fetch(`${s.base}/unsubscribe?${new URLSearchParams(fields)}`);
      expect({ fields, status: get.status }).toEqual({ fields, status: 403 });
      expect(await get.text()).toContain('链接无效');
      const res = await post(fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 403 });
    }
    // the signed pair in the query string of a POST is not a form: only the body counts
    const viaQuery = await fetch(`${s.base}/unsubscribe?u=${encodeURIComponent(user.id)}&t=${t}`, { method: 'POST' });
    expect(viaQuery.status).toBe(403);
    expect(s.users.map.get(user.id)!.optedOut).toBe(false);
    expect(s.users.map.get(other.id)!.optedOut).toBe(false);
  });

  it('escapes what it puts into the page: a user id with markup stays text in the hidden field', async () => {
    const user = await s.users.resolve('web', `x"><script>alert(1)</script>&'`);
    const res = await fetch(s.links.url(user.id).replace('http://shop.test', s.base));
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="web-x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;"');
    expect(formOf(html).fields.u).toBe(user.id);
    expect((await post(formOf(html).fields)).status).toBe(200);
    expect(s.users.map.get(user.id)!.optedOut).toBe(true);
  });

  it('JSON routes elsewhere still refuse form bodies (the form parser is the unsubscribe route’s own)', async () => {
    const res = await fetch(`${s.base}/admin/api/users/u1/opt-out`, {
      method: 'POST',
      headers: { authorization: 'Bearer surface-admin-token-0123456789', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'optedOut=true',
    });
    expect(res.status).toBe(415);
  });
});
