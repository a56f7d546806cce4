import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { FlowEngine } from '../../src/flows/engine';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import type { Features } from '../../src/profiles/features';
import { nullFeatures } from '../../src/profiles/feature-names';
import { ProfileTags } from '../../src/profiles/profile-tags';
import { emptyServiceSummary } from '../../src/profiles/service-history';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';
import { EngineChat, fixtureActions, makeUser } from '../flows/support/engine-harness';

const FLOW = `flow: cart_help
title: 购物车帮助
triggers:
  - keywords: [购物车]
steps:
  - branch:
      - if: profile.tags contains "大额购物车" and user.tags contains "大额购物车"
        then: big
      - else: small
  - id: big
    say: "您购物车里有 {{ features.cart_value }} 元的宝贝，给您一张满减券"
  - end: 有需要随时叫我
  - id: small
    say: 购物车还空着呢
`;
const TAGS = `groups:
  行为:
    - name: 大额购物车
      when: features.cart_value >= 500
      description: 购物车 500 元以上
`;

describe('profile tags and features in flows', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-profile-flow-'));
    writeFileSync(path.join(dir, 'cart-help.yaml'), FLOW);
    writeFileSync(path.join(dir, 'profile-tags.yaml'), TAGS); // not read as a flow by the flow loader
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function reply(cartValue: number | null): Promise<string> {
    const { bundle, errors } = await loadFlowBundle(dir);
    expect(errors.map((e) => e.message)).toEqual([]);
    const catalogue = parseTagCatalogue('profile-tags.yaml', TAGS).catalogue!;
    const user = makeUser();
    const tags = new ProfileTags({
      users: { get: async () => user },
      features: { features: async () => ({ ...nullFeatures(), cart_value: cartValue }) as Features },
      history: { summaries: async (ids) => new Map(ids.map((id) => [id, emptyServiceSummary()])) },
      rules: () => ({ catalogue, segments: [], version: 1 }),
      timeZone: 'Asia/Shanghai',
    });
    const engine = new FlowEngine({
      bundle: () => bundle!,
      actions: fixtureActions(),
      commerce: new DemoCommerce(),
      shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
      profile: (u, now) => tags.ofUser(u, now),
    });
    const chat = new EngineChat(engine, user);
    await chat.send('看看购物车');
    return chat.texts().join('|');
  }

  it('branches on profile.tags / user.tags and renders features.* in templates', async () => {
    expect(await reply(620)).toMatch(/^您购物车里有 620 元的宝贝，给您一张满减券/);
    expect(await reply(null)).toBe('购物车还空着呢');
  });
});
