/**
 * The 实验 API on a running kefu (loopback HTTP, real SQLite and Redis) over a copy of flows/ with an A/B flow:
 * every route refuses anonymous (401) and operator (403); marketing lists, reads results, stops and promotes the
 * winner — a new published studio version whose flow says the winning text to everyone.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import type { SayStep } from '../../../src/flows/types';
import { ConsoleClient } from '../../helpers/console-client';

jest.setTimeout(120_000);

const PASSWORD = '实验页面-correct-horse';
const FLOW = readFileSync(path.resolve(__dirname, '../../experiments/fixtures/ab/welcome-ab.yaml'), 'utf8').replace(
  'keywords: [优惠, 活动]',
  'keywords: [实验暗号]',
);

describe('experiment routes /console/api/experiments*', () => {
  let running: TestKefu;
  let flowsDir: string;
  let base: string;
  const as = async (name: string) => {
    const c = new ConsoleClient(base, PASSWORD);
    expect((await c.login(name)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-ab-flows-'));
    cpSync(path.resolve(__dirname, '../../../flows'), flowsDir, { recursive: true });
    writeFileSync(path.join(flowsDir, 'welcome-ab.yaml'), FLOW);
    running = await startTestKefu(() => ({ flowsDir }));
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('market', 'marketing', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
  });
  afterAll(async () => {
    await running?.close();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  const ROUTES: [string, string, unknown?][] = [
    ['GET', '/console/api/experiments'],
    ['GET', '/console/api/experiments/coupon_copy'],
    ['POST', '/console/api/experiments/coupon_copy/stop', {}],
    ['POST', '/console/api/experiments/coupon_copy/promote', { variant: 'B' }],
  ];

  it('refuses anonymous (401) and operator (403) on every route', async () => {
    const anonymous = new ConsoleClient(base, PASSWORD);
    const operator = await as('xiaomei');
    for (const [method, url, body] of ROUTES) {
      expect({ url, status: (await anonymous.call(method, url, body)).status }).toEqual({ url, status: 401 });
      const res = method === 'GET' ? await operator.call(method, url) : await operator.post(url, body);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
    }
    expect(running.kefu.core.flows.current().flows.get('welcome_ab')!.experiment!.status).toBe('running');
  });

  it('lists, shows results, stops and promotes the winner as a new published version', async () => {
    const market = await as('market');
    const { exposures } = running.kefu.core;
    const at = Date.now();
    for (let i = 0; i < 6; i++)
      exposures.record({
        experimentId: 'coupon_copy',
        variant: i < 3 ? 'A' : 'B',
        share: 0.5,
        flowId: 'welcome_ab',
        stepId: 'offer',
        userId: `x${i}`,
        channel: 'web',
        at,
      });
    await exposures.flush();

    const list = await market.call('GET', '/console/api/experiments');
    expect(list.status).toBe(200);
    expect(list.body.experiments).toEqual([
      expect.objectContaining({
        id: 'coupon_copy',
        flowId: 'welcome_ab',
        status: 'running',
        metric: 'conversion',
        exposures: { A: 3, B: 3 },
      }),
    ]);

    const results = await market.call('GET', '/console/api/experiments/coupon_copy');
    expect(results.status).toBe(200);
    expect(results.body.variants.map((v: { id: string; exposures: number }) => [v.id, v.exposures])).toEqual([
      ['A', 3],
      ['B', 3],
    ]);
    expect(results.body.srm).toMatchObject({ chiSquare: 0, mismatch: false });
    expect((await market.call('GET', '/console/api/experiments/nope')).status).toBe(404);

    const stopped = await market.post('/console/api/experiments/coupon_copy/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ via: 'studio', file: 'welcome-ab.yaml', version: expect.any(Number) });
    expect(running.kefu.core.flows.current().flows.get('welcome_ab')!.experiment!.status).toBe('stopped');

    expect((await market.post('/console/api/experiments/coupon_copy/promote', { variant: 'Z' })).status).toBe(400);
    const promoted = await market.post('/console/api/experiments/coupon_copy/promote', { variant: 'B' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.version).toBeGreaterThan(stopped.body.version);
    const flow = running.kefu.core.flows.current().flows.get('welcome_ab')!;
    expect(flow.experiment).toMatchObject({ status: 'stopped', winner: 'B' });
    const offer = flow.steps.find((s) => s.id === 'offer') as SayStep;
    expect([offer.say, offer.variants]).toEqual(['今天全场包邮，下单就送运费险～', undefined]);
    expect(flow.steps.map((s) => [s.id, s.kind])).toEqual([
      ['offer', 'say'],
      ['route', 'branch'],
      ['tip_b', 'say'],
      ['done', 'end'],
    ]); // A's tip is gone
    const versions = await running.kefu.core.studio.versions();
    expect(versions.find((v) => v.id === promoted.body.version)).toMatchObject({
      status: 'published',
      publishedBy: 'market',
      note: '实验 优惠文案：满减券 vs 包邮（coupon_copy）胜出：变体 B',
    });
  });
});
