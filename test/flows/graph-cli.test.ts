import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flowsCheck, flowsGraph, flowsSchema, type CliIO } from '../../src/cli/flows-command';
import { flowToMermaid } from '../../src/flows/graph/mermaid';
import { flowJsonSchema } from '../../src/flows/schema/json-schema';
import { FIXTURES, fixtureActions, loadFixture } from './support/engine-harness';

function capture(): CliIO & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l) };
}

describe('flowToMermaid', () => {
  test('steps become nodes, branch conditions edge labels, calls links to other flows', async () => {
    const bundle = await loadFixture('engine');
    const chart = flowToMermaid(bundle.flows.get('new_customer')!);
    expect(chart.split('\n')[0]).toBe('flowchart TD');
    expect(chart).toContain('s_ask_category["问：想先看看哪类商品呢？（category）"]');
    expect(chart).toContain('s_route{"判断：route"}');
    expect(chart).toMatch(/s_route -->\|"slots\.category == …"\| s_apparel/);
    expect(chart).toContain('s_route -->|"否则"| s_recommend');
    expect(chart).toContain('s_apparel -.->|"调用"| f_size_guide');
    expect(chart).toContain('s_coupon -->|"失败"| s_sorry');
    expect(chart).toContain('f_size_guide[["流程：size_guide"]]');
  });
});

describe('kefu flows CLI', () => {
  test('check prints every error and returns 1', async () => {
    const io = capture();
    expect(await flowsCheck(path.join(FIXTURES, 'invalid', 'undefined-var'), io, undefined, 'en')).toBe(1);
    expect(io.errs.filter((l) => l.includes('Undefined variable'))).toHaveLength(4);
    expect(io.errs.at(-1)).toMatch(/4 errors/);
  });

  test('check prints a one-line OK summary', async () => {
    const io = capture();
    expect(await flowsCheck(path.join(FIXTURES, 'engine'), io, fixtureActions().names(), 'en')).toBe(0);
    expect(io.outs).toEqual([expect.stringMatching(/: 11 flows, \d+ steps, 4 intents — no errors$/)]);
  });

  test('graph prints Mermaid, or suggests a flow name', async () => {
    const io = capture();
    expect(await flowsGraph('size_guide', path.join(FIXTURES, 'engine'), io, 'en')).toBe(0);
    expect(io.outs[0]).toMatch(/^flowchart TD/);
    expect(await flowsGraph('size_gude', path.join(FIXTURES, 'engine'), io, 'en')).toBe(1);
    expect(io.errs.at(-1)).toBe("Unknown flow 'size_gude'. Fix: Did you mean 'size_guide'?");
  });

  test('schema writes the JSON Schema generated from the zod schema', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kefu-schema-'));
    try {
      const file = path.join(dir, 'flow.schema.json');
      expect(await flowsSchema(file, capture())).toBe(0);
      const schema = JSON.parse(await readFile(file, 'utf8'));
      expect(schema).toEqual(flowJsonSchema());
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toEqual(expect.arrayContaining(['flow', 'title', 'steps']));
      const stepBranches = schema.properties.steps.items.anyOf as { required: string[] }[];
      expect(stepBranches.map((b) => b.required.find((k) => k !== 'slot'))).toEqual(['say', 'ask', 'branch', 'action', 'call', 'goto', 'end', 'variants']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
