/**
 * Sticky A/B assignment through the real flow engine: 10,000 simulated shoppers ask about 优惠 three times each, in
 * two engine instances (a "restart": a new engine over a freshly loaded bundle), and always see the same variant —
 * the same message and the same branch of the `variants:` step — split within tolerance of the declared 50/50.
 */
import path from 'node:path';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { emptyConversationState } from '../../src/core/conversation-state';
import { outboundToText, type InboundMessage } from '../../src/core/message';
import { FlowEngine } from '../../src/flows/engine';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import type { ExposureNote } from '../../src/flows/runtime/variant-choice';
import type { FlowBundle } from '../../src/flows/types';
import { assignVariant } from '../../src/experiments/assign';
import { recognitionFromScores } from '../../src/core/recognizer';
import { fixtureActions, makeUser } from '../flows/support/engine-harness';

jest.setTimeout(120_000);

const DIR = path.join(__dirname, 'fixtures', 'ab');
const N = 10_000;
const A_TEXT = '今天下单满199减30，券已放进您的账户～';
const B_TEXT = '今天全场包邮，下单就送运费险～';

async function engineOver(onExposure: (n: ExposureNote) => void): Promise<FlowEngine> {
  const actions = fixtureActions();
  const { bundle, errors } = await loadFlowBundle(DIR, { actionNames: actions.names() });
  if (!bundle) throw new Error(errors.map((e) => e.message).join('\n'));
  const served: FlowBundle = bundle;
  return new FlowEngine({
    bundle: () => served,
    actions,
    commerce: new DemoCommerce(),
    shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
    onExposure,
  });
}

/** One turn "有什么优惠" of shopper `userId` in a fresh conversation: the variant seen ('A' | 'B') from the texts. */
async function variantSeen(engine: FlowEngine, userId: string, turn: number): Promise<string> {
  const message = {
    id: `m-${userId}-${turn}`,
    ref: { channel: 'test', conversationId: `c-${userId}`, userId },
    receivedAt: turn,
    kind: 'text',
    text: '有什么优惠',
  } as InboundMessage;
  const out = await engine.runTurn({
    message,
    user: makeUser({ id: userId }),
    recognition: recognitionFromScores('有什么优惠', {}),
    state: emptyConversationState(0),
    now: turn,
  });
  const texts = out.replies.map(outboundToText);
  if (texts[0] === A_TEXT && texts[1] === '满减券7天内有效哦') return 'A';
  if (texts[0]?.startsWith(B_TEXT) && texts[1] === '包邮不限件数哦') return 'B';
  throw new Error(`shopper ${userId} got a mixed or unknown reply: ${texts.join(' | ')}`);
}

describe('sticky assignment over 10,000 shoppers', () => {
  it('shows each shopper one variant on every turn and after a restart, split within 4 binomial SDs of 50/50', async () => {
    const exposures: ExposureNote[] = [];
    const first = await engineOver((n) => exposures.push(n));
    const seen = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      const user = `shopper-${i}`;
      const v1 = await variantSeen(first, user, 1);
      const v2 = await variantSeen(first, user, 2);
      expect(v2).toBe(v1);
      seen.set(user, v1);
    }
    const restarted = await engineOver((n) => exposures.push(n));
    for (let i = 0; i < N; i++) {
      const user = `shopper-${i}`;
      if ((await variantSeen(restarted, user, 3)) !== seen.get(user)) throw new Error(`${user} changed variant after the restart`);
    }
    // Every exposure names the variant the shopper saw (two steps per turn report the same one).
    expect(exposures.every((e) => e.experimentId === 'coupon_copy' && e.variant === seen.get(e.userId) && e.share === 0.5)).toBe(true);
    // Binomial: n = 10,000, p = 0.5 → SD = √(n·p·(1−p)) = 50; tolerance 4 SD = 200 (a fair split falls outside
    // with probability 6e-5). The assignment is a hash, so this run is deterministic, not flaky.
    const a = [...seen.values()].filter((v) => v === 'A').length;
    expect(Math.abs(a - N / 2)).toBeLessThanOrEqual(200);
  });

  it('follows 90/10 weights within 4 SD (SD = √(10,000·0.9·0.1) = 30)', () => {
    let a = 0;
    for (let i = 0; i < N; i++)
      if (
        assignVariant('banner_90_10', `shopper-${i}`, [
          { id: 'A', weight: 90 },
          { id: 'B', weight: 10 },
        ]) === 'A'
      )
        a += 1;
    expect(Math.abs(a - 9_000)).toBeLessThanOrEqual(120);
  });

  it('assigns shoppers independently across experiments', () => {
    const both = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) {
      const x =
        assignVariant('exp_one', `s${i}`, [
          { id: 'A', weight: 1 },
          { id: 'B', weight: 1 },
        ]) === 'A'
          ? 0
          : 1;
      const y =
        assignVariant('exp_two', `s${i}`, [
          { id: 'A', weight: 1 },
          { id: 'B', weight: 1 },
        ]) === 'A'
          ? 0
          : 2;
      both[x + y]! += 1;
    }
    // each cell expects 2,500 with SD √(10,000·0.25·0.75) ≈ 43.3; 4 SD ≈ 173
    for (const cell of both) expect(Math.abs(cell - 2_500)).toBeLessThanOrEqual(173);
  });
});
