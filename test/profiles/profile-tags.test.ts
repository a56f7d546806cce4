import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UserProfile } from '../../src/core/user';
import type { FeatureReader, Features } from '../../src/profiles/features';
import { nullFeatures } from '../../src/profiles/feature-names';
import { ProfileTags } from '../../src/profiles/profile-tags';
import { emptyServiceSummary, type ServiceHistoryReader, type ServiceSummary } from '../../src/profiles/service-history';
import { parseTagCatalogue, type TagCatalogue } from '../../src/profiles/tag-catalogue';

const FILE = path.join(__dirname, '../../flows/profile-tags.yaml');
const catalogue: TagCatalogue = parseTagCatalogue('flows/profile-tags.yaml', readFileSync(FILE, 'utf8')).catalogue!;
// 2025-11-21 (a Friday) 23:30 in Shanghai
const NOW = Date.parse('2025-11-21T23:30:00+08:00');

/** A small in-memory FeatureReader: features by user id, every other name null. */
class MemoryFeatures implements FeatureReader {
  reads = 0;
  constructor(private readonly byUser: Record<string, Partial<Features>>) {}
  async features(userId: string): Promise<Features> {
    this.reads += 1;
    return { ...nullFeatures(), ...(this.byUser[userId] ?? {}) } as Features;
  }
}

class MemoryHistory implements ServiceHistoryReader {
  constructor(private readonly byUser: Record<string, Partial<ServiceSummary>>) {}
  async summaries(ids: readonly string[]): Promise<Map<string, ServiceSummary>> {
    return new Map(ids.map((id) => [id, { ...emptyServiceSummary(), ...(this.byUser[id] ?? {}) }]));
  }
}

function shopper(id: string, patch: Partial<UserProfile> = {}): UserProfile {
  return {
    id,
    identities: [],
    isNew: true,
    attributes: {},
    tags: [],
    optedOut: false,
    createdAt: '2025-01-01T00:00:00Z',
    lastSeenAt: '2025-11-21T00:00:00Z',
    ...patch,
  };
}

function tagsFor(user: UserProfile, features: Partial<Features> = {}, service: Partial<ServiceSummary> = {}): ProfileTags {
  return new ProfileTags({
    users: { get: async (id) => (id === user.id ? user : undefined) },
    features: new MemoryFeatures({ [user.id]: features }),
    history: new MemoryHistory({ [user.id]: service }),
    rules: () => ({ catalogue, segments: [], version: 1 }),
    timeZone: 'Asia/Shanghai',
    now: () => NOW,
  });
}

describe('the shipped tag catalogue (flows/profile-tags.yaml)', () => {
  it('has at least 200 tags, every one compiled, in the four groups', () => {
    expect(catalogue.tags.length).toBeGreaterThanOrEqual(200);
    expect(new Set(catalogue.tags.map((t) => t.group))).toEqual(new Set(['人口属性', '行为', '交易', '服务']));
    for (const t of catalogue.tags) {
      expect(typeof t.when.test).toBe('function');
      expect(t.description.length).toBeGreaterThan(0);
    }
  });

  it('gives a shopper without data no behaviour, trade or service tags (nothing holds on nulls)', async () => {
    const profile = await tagsFor(shopper('u-0', { isNew: false, orders: { count: 3 } })).evaluate('u-0');
    expect(profile.profileTags).toEqual(['老客', '复购客']);
  });
});

describe('ProfileTags.evaluate', () => {
  it('demographics come from the shop attributes', async () => {
    const user = shopper('u-1', {
      attributes: { gender: '女', age_band: '25-29', has_children: true, member_level: '钻石', city_tier: '新一线' },
    });
    const { profileTags } = await tagsFor(user).evaluate('u-1');
    expect(profileTags).toEqual(
      expect.arrayContaining(['女性', '25-29岁', '宝妈', '钻石会员', '高等级会员', '年轻女性', '新一线城市', '资料完整']),
    );
    expect(profileTags).not.toContain('男性');
  });

  it('behaviour comes from features (repeat views, cart, late night, live, categories by name)', async () => {
    const features = {
      page_view_1h: 4,
      page_view_10m: 2,
      top_product_views_10m: 3,
      cart_value: 620,
      cart_add_24h: 2,
      order_created_24h: 0,
      live_join_30d: 5,
      preferred_categories: ['美妆', '护肤'],
      category_views_30d: { 美妆: 12, 女装: 6 },
      order_paid_30d: 0,
      price_band: 'low',
    };
    // the doors the shopper contacted kefu through come from the service history (sessions), not from event payloads
    const service = { channels_90d: ['web', 'wechat-official'] };
    const { profileTags } = await tagsFor(shopper('u-2'), features, service).evaluate('u-2');
    expect(profileTags).toEqual(
      expect.arrayContaining([
        '反复看同款',
        '加购未买',
        '大额购物车',
        '深夜活跃',
        '直播常客',
        '偏好·美妆',
        '常逛·美妆',
        '美妆潜客',
        '女装潜客',
        '价格敏感',
        '多渠道顾客',
        '公众号用户',
      ]),
    );
    expect(profileTags).not.toContain('常逛·女装'); // 6 views < 10
    expect(profileTags).not.toContain('周末逛店'); // a Friday
  });

  it('trade tags come from orders and features (RFM, high spend, sleeping, repurchase due)', async () => {
    const user = shopper('u-3', { isNew: false, orders: { count: 8, lastOrderAt: '2025-06-01T00:00:00Z' } });
    const features = {
      avg_order_value: 820,
      total_spent: 24000,
      days_since_last_order: 173,
      orders_365d: 8,
      purchase_frequency_days: 30,
      rfm: '重要保持客户',
    };
    const { profileTags } = await tagsFor(user, features).evaluate('u-3');
    expect(profileTags).toEqual(
      expect.arrayContaining(['老客', '复购客', '忠实客', '高客单', '高消费', '超级买家', '沉睡客', '复购到期', 'RFM·重要保持客户']),
    );
    expect(profileTags).not.toContain('深度沉睡');
    expect(profileTags).not.toContain('新客');
  });

  it('service tags come from the service history (handoffs, bad ratings, open complaints, topics)', async () => {
    const service = {
      handoffs_90d: 4,
      csat_last: 1,
      csat_low_count: 2,
      csat_count: 3,
      complaints_total: 1,
      complaints_open: 1,
      topics_90d: ['returns'],
      topic_sessions_90d: { returns: 2 },
      sessions_90d: 6,
    };
    const { profileTags } = await tagsFor(shopper('u-4'), {}, service).evaluate('u-4');
    expect(profileTags).toEqual(
      expect.arrayContaining(['转人工多', '转过人工', '差评', '多次差评', '投诉过', '投诉待处理', '服务风险', '常问退换货']),
    );
    expect(profileTags).not.toContain('好评');
  });

  it("merges kefu's own tags (flows, operators) first, each once", async () => {
    const user = shopper('u-5', { tags: ['已领新人券', '女性'], attributes: { gender: '女' } });
    const profile = await tagsFor(user).evaluate('u-5');
    expect(profile.tags.slice(0, 2)).toEqual(['已领新人券', '女性']);
    expect(profile.tags.filter((t) => t === '女性')).toHaveLength(1);
  });

  it('reuses the features briefly, and an unknown shopper is NOT_FOUND', async () => {
    const features = new MemoryFeatures({});
    let now = NOW;
    const tags = new ProfileTags({
      users: { get: async (id) => (id === 'u-6' ? shopper('u-6') : undefined) },
      features,
      history: new MemoryHistory({}),
      rules: () => ({ catalogue, segments: [], version: 1 }),
      timeZone: 'Asia/Shanghai',
      now: () => now,
    });
    await tags.evaluate('u-6');
    await tags.evaluate('u-6');
    expect(features.reads).toBe(1);
    now += 10_001;
    await tags.evaluate('u-6');
    expect(features.reads).toBe(2);
    await expect(tags.evaluate('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
