import path from 'node:path';
import { createActionRegistry } from '../../src/flows/actions';
import { loadFlowSources } from '../../src/flows/load-bundle';
import type { FlowBundle } from '../../src/flows/types';
import { profileNeeded } from '../../src/profiles/profile-needed';

const actionNames = createActionRegistry().names();

/** A bundle of one flow file written in the test. */
async function bundleOf(yaml: string): Promise<FlowBundle> {
  const loaded = await loadFlowSources(path.join(__dirname, 'virtual-flows'), [{ name: 't.yaml', text: yaml }], { actionNames });
  if (!loaded.bundle) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.bundle;
}

const catalogue = { tags: [{ name: '沉睡客' }, { name: '新客' }] };

describe('a turn reads the shopper profile only when the served flows can ask about it', () => {
  it('flows that never read profile tags or features: no profile read, even when a reply mentions a tag word', async () => {
    const bundle = await bundleOf(`flow: t
title: 测试
triggers: [{ keywords: [你好] }]
steps:
  - id: hi
    say: 欢迎新客～{% if user.tags contains "已领新人券" %}券已经在账户里啦{% endif %}
`);
    expect(profileNeeded(bundle, catalogue)).toBe(false);
  });

  it('a condition on a catalogue tag, profile.* or features.* needs it', async () => {
    const tag = await bundleOf(`flow: t
title: 测试
triggers: [{ keywords: [你好] }]
steps:
  - id: route
    branch:
      - if: user.tags contains "沉睡客"
        then: back
      - else: hi
  - id: back
    say: 好久不见～
  - id: hi
    say: 您好～
`);
    expect(profileNeeded(tag, catalogue)).toBe(true);
    const features = await bundleOf(`flow: t
title: 测试
triggers: [{ keywords: [你好] }]
steps:
  - id: hi
    say: 购物车里有 {{ features.cart_value }} 元的商品哦
`);
    expect(profileNeeded(features, { tags: [] })).toBe(true);
  });
});
