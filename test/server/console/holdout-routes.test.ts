/**
 * The holdout API of the 实验 tab on a running kefu (loopback HTTP, real SQLite and Redis) over a copy of flows/ plus
 * a flow with a proactive trigger holding out half its shoppers: both routes refuse anonymous (401) and operator (403);
 * marketing lists the shipped prediction rules and the trigger, and reads control vs treated from rows written to
 * the outreach log, the order ledger and the attribution table.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { ConsoleClient } from '../../helpers/console-client';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { OrderAttributionEntity } from '../../../src/store/entities';
import { OutreachLog } from '../../../src/outreach/outreach-log';

jest.setTimeout(120_000);

const PASSWORD = '对照组-correct-horse';
const FLOW = `flow: holdout_demo
title: 对照组演示
triggers:
  - keywords: [对照组暗号]
steps:
  - say: 好的
proactive:
  - id: cart_nudge_ab
    on: cart_add
    delay: 30m
    kind: marketing
    holdout: 0.5
    send:
      text: 购物车里的宝贝还在等您哦
`;
const H = 3_600_000;

interface Rate {
  n: number;
  count: number;
  rate?: { estimate: number };
  vsControl?: { estimate: number; low: number; high: number };
}

describe('holdout routes /console/api/holdouts*', () => {
  let running: TestKefu;
  let flowsDir: string;
  let base: string;
  const as = async (name: string) => {
    const c = new ConsoleClient(base, PASSWORD);
    expect((await c.login(name)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-holdout-flows-'));
    cpSync(path.resolve(__dirname, '../../../flows'), flowsDir, { recursive: true });
    writeFileSync(path.join(flowsDir, 'holdout-demo.yaml'), FLOW);
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

  it('refuses anonymous (401) and operator (403)', async () => {
    const anonymous = new ConsoleClient(base, PASSWORD);
    const operator = await as('xiaomei');
    for (const url of ['/console/api/holdouts', '/console/api/holdouts/cart_nudge_ab']) {
      expect({ url, status: (await anonymous.call('GET', url)).status }).toEqual({ url, status: 401 });
      expect({ url, status: (await operator.call('GET', url)).status }).toEqual({ url, status: 403 });
    }
  });

  it('lists triggers and prediction rules with a holdout and reports control vs treated from the log and the orders', async () => {
    const market = await as('market');
    const list = await market.call('GET', '/console/api/holdouts');
    expect(list.status).toBe(200);
    const holdouts = (list.body as { holdouts: { id: string; source: string; holdout: number; flowTitle: string }[] }).holdouts;
    expect(holdouts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'cart_nudge_ab', source: 'trigger', holdout: 0.5, flowId: 'holdout_demo', flowTitle: '对照组演示' }),
        expect.objectContaining({ id: 'repurchase_due', source: 'predict', holdout: 0.1, title: '复购周期到了 → 复购推荐' }),
      ]),
    );
    expect(holdouts.find((h) => h.id === 'cart_abandoned')).toBeUndefined(); // no holdout: not an experiment

    const { core } = running.kefu;
    const log = new OutreachLog(core.dataSource);
    const t0 = Date.now() - 10 * H;
    const row = (userId: string, status: 'sent' | 'suppressed', reason?: string) =>
      log.record({
        key: `cart_nudge_ab:${userId}@1`,
        jobId: `cart_nudge_ab:${userId}`,
        triggerId: 'cart_nudge_ab',
        userId,
        kind: 'marketing',
        status,
        ...(reason ? { reason } : {}),
        at: t0,
      });
    for (const u of ['h1', 'h2', 'h3', 'h4']) await row(u, 'suppressed', 'holdout');
    for (const u of ['s1', 's2', 's3', 's4']) await row(u, 'sent');
    await row('b1', 'suppressed', 'cap_day');
    await row('other', 'sent');
    // a row of another trigger does not count
    await log.record({
      key: 'cart_abandoned:h3@1',
      jobId: 'cart_abandoned:h3',
      triggerId: 'cart_abandoned',
      userId: 'h3',
      kind: 'marketing',
      status: 'sent',
      at: t0,
    });
    const paid = (userId: string, orderId: string, at: number) =>
      core.orders.record(userId, [{ orderId, paidAt: new Date(at).toISOString() }]);
    await paid('h1', 'O-h1', t0 + H);
    await paid('h2', 'O-h2', t0 + 2 * H);
    await paid('h3', 'O-h3-old', t0 - 2 * H); // before the holdout: no conversion
    await paid('s1', 'O-s1', t0 + H);
    await paid('s2', 'O-s2', t0 + 3 * H);
    await paid('b1', 'O-b1', t0 + H);
    // s3's order is known only through attribution; an `assisted` credit is no conversion
    const credits = core.dataSource.getRepository(OrderAttributionEntity);
    const credit = (userId: string, orderId: string, kind: string) =>
      credits.insert({ orderId, userId, amount: 99, credit: kind, paidAt: new Date(t0 + 4 * H), createdAt: new Date() });
    await credit('s3', 'O-s3', 'outreach');
    await credit('s4', 'O-s4', 'assisted');

    const res = await market.call('GET', '/console/api/holdouts/cart_nudge_ab');
    expect(res.status).toBe(200);
    const body = res.body as {
      experiment: { id: string };
      windowHours: number;
      control: Rate;
      treated: Rate;
      assigned: Rate;
      srm: { chiSquare: number; mismatch: boolean };
    };
    expect(body.experiment.id).toBe('cart_nudge_ab');
    expect(body.windowHours).toBe(72);
    const counts = (r: Rate) => [r.count, r.n];
    // control h1..h4: 2 paid; sent s1..s4 and 'other': 3 paid; assigned adds b1 (paid): 4 of 6
    expect({ control: counts(body.control), treated: counts(body.treated), assigned: counts(body.assigned) }).toEqual({
      control: [2, 4],
      treated: [3, 5],
      assigned: [4, 6],
    });
    expect(body.treated.vsControl!.estimate).toBeCloseTo(3 / 5 - 2 / 4, 10);
    expect(body.treated.vsControl!.low).toBeLessThan(0);
    // 6 : 4 against 0.5 : 0.5 → expected 5 each, χ² = 1/5 + 1/5 = 0.4
    expect(body.srm.chiSquare).toBeCloseTo(0.4, 10);
    expect(body.srm.mismatch).toBe(false);

    const unknown = await market.call('GET', '/console/api/holdouts/cart_abandoned');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('holdout: 0.1');
    expect((await market.call('GET', '/console/api/holdouts/Bad-Id')).status).toBe(400);
  });
});
