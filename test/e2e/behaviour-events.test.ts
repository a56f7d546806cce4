/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are read by shape in the assertions */
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { inHoldout } from '../../src/outreach/predict-holdout';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { ConsoleClient } from '../helpers/console-client';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { pollUntil } from '../helpers/wait-until';
import { WebShopper } from '../helpers/web-shopper';

jest.setTimeout(90_000);

const TOKEN = 'behaviour-events-admin-token-2026';
const PASSWORD = 'behaviour-password-2026';
const FLOWS = path.resolve(__dirname, '../../flows');
// the size-help prediction of flows/browse-help.yaml, read from the file so a changed holdout share is followed
const RULE = (parse(readFileSync(path.join(FLOWS, 'browse-help.yaml'), 'utf8')) as any).predict.find(
  (r: any) => r.id === 'size_help_after_repeat_views',
) as { id: string; holdout: number };
// a segment of the test's own (the shipped ones do not single out a shopper who is hesitating right now)
const SEGMENT = `
  - name: hesitating_chatters
    title: 犹豫中的网页顾客
    when: profile.tags contains "反复看同款" and profile.tags contains "网页聊天用户" and not (profile.tags contains "沉默顾客")
    description: 测试用：反复看同一件商品、在网页上找过客服
`;
const MIN = 60_000;

describe('behaviour events through a running kefu: POST /events → stream consumer → features → tags, segments, prediction → flow', () => {
  let running: TestKefu;
  let shopper: WebShopper;
  let userId = '';
  const boss = () => new ConsoleClient(running.kefu.url, PASSWORD);

  beforeAll(async () => {
    running = await startTestKefu((dir) => {
      cpSync(FLOWS, path.join(dir, 'flows'), { recursive: true });
      appendFileSync(path.join(dir, 'flows', 'segments.yaml'), SEGMENT);
      return { flowsDir: path.join(dir, 'flows'), adminToken: TOKEN, quietHours: 'off' };
    });
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('boss', 'admin', PASSWORD);
    // a web shopper outside the rule's holdout (deterministic by rule and kefu user id: the same function kefu uses)
    for (let tries = 0; tries < 20 && !userId; tries += 1) {
      const candidate = await WebShopper.connect(running.kefu.url);
      const user = await running.kefu.core.users.resolve('web', candidate.ids.userId);
      if (inHoldout(RULE.id, user.id, RULE.holdout)) candidate.close();
      else [shopper, userId] = [candidate, user.id];
    }
    expect(userId).not.toBe('');
  });
  afterAll(async () => {
    shopper?.close();
    await running?.close();
  });

  const postEvents = (events: unknown[]) =>
    fetch(`${running.kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
  const event = (type: string, at: number, payload: Record<string, unknown>) => ({ id: `e-${randomUUID()}`, type, userId, at, payload });

  it('a mixed shopper (chat with kefu, order, then three looks at one coat) gets consistent tags, is counted, and is offered size help', async () => {
    const kefu = running.kefu;
    // the shopper chats with kefu on the web first (a service session on the `web` door)
    await shopper.say('你好');
    await kefu.core.recorder.flush();

    const now = Date.now();
    const coat = { productId: 'P-COAT-1', category: '女装', price: 399 };
    const res = await postEvents([
      event('page_view', now - 45 * MIN, { url: '/', channel: 'web' }),
      event('product_view', now - 44 * MIN, { productId: 'P-SCARF-2', category: '服饰', price: 89 }),
      event('cart_add', now - 40 * MIN, { cartId: 'c-1', productId: 'P-SCARF-2', price: 89, quantity: 1, category: '服饰' }),
      event('order_created', now - 30 * MIN, { orderId: 'o-1', amount: 89, category: '服饰' }),
      event('order_paid', now - 29 * MIN, { orderId: 'o-1', amount: 89, category: '服饰' }),
      event('product_view', now - 8 * MIN, coat),
      event('product_view', now - 4 * MIN, coat),
      event('product_view', now, coat),
    ]);
    expect(res.status).toBe(202);

    // the stream consumer applies them within a second or so
    const features = await pollUntil(
      () => kefu.core.features.features(userId),
      (f) => f.top_product_views_10m === 3 && f.order_paid_30d === 1,
      5_000,
      'the features of the posted events',
    );
    expect(features).toMatchObject({ top_product_10m: 'P-COAT-1', cart_add_10m: 0, cart_value: 0, days_since_last_active: 0 });

    // the console's shopper panel (admin, by kefu user id)
    const console = boss();
    await console.login('boss');
    const profile = await console.call('GET', `/console/api/shoppers/${userId}/profile`);
    expect(profile.status).toBe(200);
    const tags: string[] = profile.body.tags;
    expect(tags).toEqual(expect.arrayContaining(['反复看同款', '正在逛店', '今天来过', '网页聊天用户', '今日下单', '本周下过单']));
    // no tag that contradicts what the shopper just did
    for (const wrong of ['一月未访问', '沉默顾客', '加购未买', '购物车有货', '新客'])
      expect({ wrong, present: tags.includes(wrong) }).toEqual({ wrong, present: false });
    expect(profile.body.service).toMatchObject({ channels_90d: ['web'], sessions_30d: 1, messages_30d: 1 });

    // the segment counts them (and nobody else: the holdout shoppers tried above have no events and never chatted)
    const segments = await fetch(`${kefu.url}/admin/api/segments`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(segments.status).toBe(200);
    const counted = ((await segments.json()) as any).segments.find((s: any) => s.name === 'hesitating_chatters');
    expect(counted.count).toBe(1);

    // the size-help prediction starts browse_help on the shopper's socket
    const offer = await shopper.waitFor((text) => text.includes('看您在这件宝贝上停留好一会儿啦'), 15_000);
    expect(offer).toContain('尺码');
    const log = await pollUntil(
      async () => (await new OutreachLog(kefu.core.dataSource).listForUser(userId)).filter((row) => row.triggerId === RULE.id),
      (rows) => rows.some((row) => row.status === 'sent'),
      5_000,
      'the outreach log of the prediction',
    );
    expect(log.map((row) => row.status)).not.toContain('suppressed');
  });
});
