import path from 'node:path';
import { DemoCommerce } from '../../../src/commerce/demo-store';
import { emptyConversationState, type ConversationState } from '../../../src/core/conversation-state';
import type { InboundMessage } from '../../../src/core/message';
import { recognitionFromScores } from '../../../src/core/recognizer';
import { createActionRegistry, MemoryTickets } from '../../../src/flows/actions';
import { FlowEngine } from '../../../src/flows/engine';
import type { TurnOutput } from '../../../src/flows/engine-types';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import type { OperatorAvailability } from '../../../src/flows/service/operator-availability';
import type { FlowBundle } from '../../../src/flows/types';
import { makeUser } from '../support/engine-harness';

const ROOT = path.join(__dirname, '..', '..', '..');
const at = (local: string): number => Date.parse(`${local}+08:00`);
let bundle: FlowBundle;

beforeAll(async () => {
  const loaded = await loadFlowBundle(path.join(ROOT, 'flows'), { actionNames: createActionRegistry().names() });
  if (!loaded.bundle) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  bundle = loaded.bundle;
});

/** A conversation on one door with the shipped flows, at chosen times. */
function chat(channel: string, options: { availability?: OperatorAvailability; tickets?: MemoryTickets } = {}) {
  const engine = new FlowEngine({
    bundle: () => bundle,
    actions: createActionRegistry({}, { tickets: options.tickets ?? new MemoryTickets() }),
    commerce: new DemoCommerce(),
    shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
    ...(options.availability ? { availability: options.availability } : {}),
  });
  let state: ConversationState = emptyConversationState(0);
  let n = 0;
  const user = makeUser({ id: 'u-expiry' });
  const ref = { channel, conversationId: 'c-expiry', userId: user.id };
  const run = async (message: Partial<InboundMessage>, now: number, start?: string): Promise<TurnOutput> => {
    const full = { id: `m${++n}`, ref, receivedAt: now, kind: 'text', ...message } as InboundMessage;
    const out = await engine.runTurn({ message: full, user, recognition: recognitionFromScores(full.text ?? '', {}), state, now, ...(start ? { start } : {}) });
    state = out.state;
    return out;
  };
  return {
    say: (text: string, now: number) => run({ text }, now),
    event: (type: string, now: number) => run({ kind: 'event', event: { type } }, now),
    start: (flow: string, now: number) => run({ kind: 'event', event: { type: 'cart_abandoned' } }, now, flow),
    get state() {
      return state;
    },
  };
}

describe('handoff on a door with operators', () => {
  it('hands over, stamps handoffAt and shows "waiting for a human"', async () => {
    const c = chat('wecom-kf');
    const out = await c.say('转人工', at('2025-11-20T10:00:00'));
    expect(out.replies.at(-1)).toMatchObject({ type: 'handoff', status: { state: 'waiting_human', text: '正在为您转接人工…' } });
    expect(c.state).toMatchObject({ mode: 'handoff', handoffAt: at('2025-11-20T10:00:00') });
  });

  it('gives the conversation back to the bot only after handoff_idle_minutes without a shopper message', async () => {
    const c = chat('wecom-kf');
    await c.say('转人工', at('2025-11-20T10:00:00'));
    expect((await c.say('在吗', at('2025-11-20T10:29:00'))).replies).toEqual([]); // 29 min: still with the human
    expect((await c.say('有人吗', at('2025-11-20T10:58:00'))).replies).toEqual([]); // 29 min after the last message
    // Events and proactive starts are not the shopper writing: they neither wake the bot nor keep the human.
    expect((await c.event('visit', at('2025-11-20T11:40:00'))).replies).toEqual([]);
    expect((await c.start('payment_nudge', at('2025-11-20T11:40:00'))).notStarted).toBe('handoff');
    expect(c.state.mode).toBe('handoff');
    const back = await c.say('你好', at('2025-11-20T11:40:00'));
    expect(back.replies[0]).toMatchObject({ type: 'text', text: '人工客服暂时没有回复，小助手先为您服务～' });
    expect(back.replies.length).toBeGreaterThan(1); // and the message itself is answered
    expect(back.replies.at(-1)).toMatchObject({ status: { state: 'bot', text: '智能客服在线' } });
    expect(c.state.mode).toBe('bot');
    expect(c.state.handoffAt).toBeUndefined();
  });
});

describe('handoff where no human is reachable', () => {
  it('takes a message on web chat instead of going silent, and keeps it as a ticket due in service time', async () => {
    const tickets = new MemoryTickets();
    const c = chat('web', { tickets });
    const ask = await c.say('转人工', at('2025-11-20T23:30:00'));
    expect(ask.replies.map((r) => ('text' in r ? r.text : r.type)).join('\n')).toMatch(/非服务时间（人工客服 09:00–22:00 在线）/);
    expect(ask.replies.some((r) => 'status' in r && r.status?.state === 'after_hours')).toBe(true);
    expect(c.state.mode).toBe('bot');
    const done = await c.say('订单 20251119100001 的收货电话改成 13812345678', at('2025-11-20T23:31:00'));
    expect(done.replies.at(-1)).toMatchObject({ status: { state: 'ticket', text: '已留言 · 人工客服 09:00 上线' } });
    const [ticket] = await tickets.list();
    expect(ticket).toMatchObject({
      ref: 'GD20251120-0001',
      channel: 'web',
      conversation: 'web:-:c-expiry',
      userId: 'u-expiry',
      text: '订单 20251119100001 的收货电话改成 13812345678',
      dueBy: new Date(at('2025-11-21T11:00:00')).toISOString(),
    });
  });

  it('asks the OperatorAvailability port, so a console can report live operators', async () => {
    const asked: string[] = [];
    const availability: OperatorAvailability = {
      reachable: async (channel) => {
        asked.push(channel);
        return true;
      },
    };
    const c = chat('web', { availability });
    const out = await c.say('转人工', at('2025-11-20T10:00:00'));
    expect(asked).toContain('web');
    // web chat is answered in kefu's console (human_doors.web: console): the notice stays a text, never a platform transfer
    expect(out.replies.at(-1)).toMatchObject({ type: 'text', status: { state: 'waiting_human' } });
    expect(out.handoff).toBeDefined();
    expect(c.state.mode).toBe('handoff');
  });
});
