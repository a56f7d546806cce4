import { flowToMermaid } from '../../src/flows/graph/mermaid';
import { loadFlowFile } from '../../src/flows/load/load-file';

const LONG = 'user.orderCount >= 3 and vars.total > 199 and user.tags contains "会员"';
const FLOW = `
flow: vip_check
title: 会员判断
steps:
  - id: check
    branch:
      - if: ${JSON.stringify(LONG)}
        then: vip
      - else: normal
  - id: vip
    say: 尊敬的会员您好
    next: normal
  - id: normal
    end: true
`;

describe('the flow graph’s branch labels', () => {
  const loaded = loadFlowFile('vip-check.yaml', FLOW);
  const flow = loaded.value!;

  test('the studio’s graph (wholeLabels) shows a long condition whole, quotes escaped for Mermaid', () => {
    expect(loaded.errors).toEqual([]);
    const graph = flowToMermaid(flow, { wholeLabels: true });
    const escaped = LONG.replace(/"/g, '#quot;').replace(/>/g, '#gt;');
    expect(graph).toContain(`  s_check -->|"${escaped}"| s_vip`);
    expect(graph).toContain('  s_check -->|"否则"| s_normal');
    expect(graph).not.toContain('…');
  });

  test('without wholeLabels (kefu flows graph) the condition is cut at 18 characters', () => {
    const graph = flowToMermaid(flow);
    expect(graph).toContain(`  s_check -->|"${LONG.slice(0, 18).replace(/>/g, '#gt;')}…"| s_vip`);
    expect(graph).not.toContain('contains');
  });
});
