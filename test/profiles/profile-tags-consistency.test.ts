import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { UserProfile } from '../../src/core/user';
import type { KefuEvent } from '../../src/events/event';
import { FeatureStore } from '../../src/profiles/feature-store';
import { ProfileTags } from '../../src/profiles/profile-tags';
import { emptyServiceSummary, type ServiceHistoryReader, type ServiceSummary } from '../../src/profiles/service-history';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';
import { deletePrefix, REDIS, testPrefix, user } from '../outreach/helpers';

// The shipped catalogue over features computed by the real FeatureStore (Redis) from realistic events: tags must mean
// what their names say — none contradicting what the shopper just did.
const catalogue = parseTagCatalogue(
  'flows/profile-tags.yaml',
  readFileSync(path.join(__dirname, '../../flows/profile-tags.yaml'), 'utf8'),
).catalogue!;
const NOW = Date.parse('2026-03-04T15:00:00+08:00'); // a Wednesday afternoon in Shanghai
const MIN = 60_000;
const DAY = 86_400_000;

class MemoryHistory implements ServiceHistoryReader {
  constructor(private readonly byUser: Record<string, Partial<ServiceSummary>>) {}
  async summaries(ids: readonly string[]): Promise<Map<string, ServiceSummary>> {
    return new Map(ids.map((id) => [id, { ...emptyServiceSummary(), ...(this.byUser[id] ?? {}) }]));
  }
}

let redis: Redis;
let prefix: string;
let store: FeatureStore;
let n = 0;
const ev = (userId: string, type: string, at: number, payload: Record<string, unknown> = {}): KefuEvent => ({
  id: `e${(n += 1)}`,
  type,
  userId,
  at,
  payload,
});

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  store = new FeatureStore({ redis, prefix });
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function tagsOf(shopper: UserProfile, service: Partial<ServiceSummary> = {}): Promise<string[]> {
  const tags = new ProfileTags({
    users: { get: async (id) => (id === shopper.id ? shopper : undefined) },
    features: store,
    history: new MemoryHistory({ [shopper.id]: service }),
    rules: () => ({ catalogue, segments: [], version: 1 }),
    timeZone: 'Asia/Shanghai',
    now: () => NOW,
  });
  return (await tags.evaluate(shopper.id, NOW)).profileTags;
}

describe('the shipped tags on realistic shoppers (features from the real FeatureStore)', () => {
  it('a shopper who viewed, carted, ordered and chatted with kefu today gets no tag that contradicts it', async () => {
    const coat = { productId: 'coat', category: '女装', price: 399 };
    // a shop that sends product views but no page_view events
    await store.apply([
      ev('mixed', 'product_view', NOW - 50 * MIN, { productId: 'scarf', category: '服饰', price: 89 }),
      ev('mixed', 'cart_add', NOW - 45 * MIN, { cartId: 'c1', productId: 'scarf', price: 89, quantity: 1, category: '服饰' }),
      ev('mixed', 'order_created', NOW - 40 * MIN, { orderId: 'o1', amount: 89 }),
      ev('mixed', 'order_paid', NOW - 39 * MIN, { orderId: 'o1', amount: 89, category: '服饰' }),
      ev('mixed', 'product_view', NOW - 6 * MIN, coat),
      ev('mixed', 'product_view', NOW - 3 * MIN, coat),
      ev('mixed', 'product_view', NOW - 1 * MIN, coat),
    ]);
    const shopper = user('mixed', { isNew: false, orders: { count: 1, lastOrderAt: new Date(NOW - 39 * MIN).toISOString() } });
    // kefu's own web chat: one service session today (kefu does not send chat_message events for it)
    const tags = await tagsOf(shopper, {
      sessions_30d: 1,
      sessions_90d: 1,
      messages_30d: 3,
      channels_90d: ['web'],
      days_since_last_session: 0,
    });

    expect(tags).toEqual(
      expect.arrayContaining(['正在逛店', '今天来过', '反复看同款', '网页聊天用户', '今日下单', '本周下过单', '近期咨询过']),
    );
    for (const wrong of ['一月未访问', '沉默顾客', '加购未买', '购物车有货', '新客', '多渠道顾客', '爱聊天'])
      expect({ wrong, present: tags.includes(wrong) }).toEqual({ wrong, present: false });
  });

  it('a browser on the web who never contacted kefu is 沉默顾客, not 网页聊天用户', async () => {
    await store.apply([
      ev('browser', 'page_view', NOW - 20 * MIN, { url: '/', channel: 'web' }),
      ev('browser', 'product_view', NOW - 19 * MIN, { productId: 'p1', channel: 'web' }),
    ]);
    const tags = await tagsOf(user('browser', { isNew: true }));
    expect(tags).toEqual(expect.arrayContaining(['沉默顾客', '今天来过', '新客']));
    expect(tags).not.toContain('网页聊天用户');
    expect(tags).not.toContain('一月未访问');
  });

  it('a shopper who chats a lot with kefu is 爱聊天 and not 沉默顾客', async () => {
    await store.apply([ev('chatty', 'product_view', NOW - 2 * DAY, { productId: 'p1' })]);
    const tags = await tagsOf(user('chatty'), {
      sessions_30d: 4,
      sessions_90d: 4,
      messages_30d: 26,
      channels_90d: ['web', 'wechat-official'],
    });
    expect(tags).toEqual(expect.arrayContaining(['爱聊天', '多渠道顾客', '网页聊天用户', '公众号用户']));
    expect(tags).not.toContain('沉默顾客');
  });

  it('一月未访问 goes to a shopper whose last own action is over 30 days old (a parcel delivered since does not count)', async () => {
    await store.apply([
      ev('gone', 'product_view', NOW - 40 * DAY, { productId: 'p1' }),
      ev('gone', 'order_paid', NOW - 40 * DAY, { orderId: 'o9', amount: 59 }),
      ev('gone', 'order_delivered', NOW - 2 * DAY, { orderId: 'o9' }),
    ]);
    const features = await store.features('gone', NOW);
    expect(features.days_since_last_active).toBe(40);
    const tags = await tagsOf(user('gone', { isNew: false, orders: { count: 1 } }));
    expect(tags).toContain('一月未访问');
    expect(tags).not.toContain('今天来过');
    expect(tags).not.toContain('沉默顾客');
  });
});
