import { FlowEngine } from '../../src/flows/engine';
import { createStepRegistry } from '../../src/flows/steps';
import { StepRegistry } from '../../src/flows/steps/registry';
import { sayStep } from '../../src/flows/steps/say';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { EngineChat, fixtureActions, loadFixture, makeUser } from './support/engine-harness';

describe('FlowEngine', () => {
  test('say renders templates with shop variables', async () => {
    const chat = await EngineChat.create();
    const out = await chat.send('你好呀');
    expect(chat.texts()).toEqual(['小美优选欢迎您～']);
    expect(out.startedFlow).toBe('greeting');
    expect(out.activeFlow).toBeUndefined();
  });

  test('intent trigger fires only at or above its threshold', async () => {
    const chat = await EngineChat.create();
    expect((await chat.send('开票', { invoice: 0.65 })).startedFlow).toBeUndefined();
    expect((await chat.send('开票', { invoice: 0.75 })).startedFlow).toBe('invoice');
  });

  test('visit event starts the new-customer journey: coupon card, choice ask, branch, call and return', async () => {
    const calls: string[] = [];
    const chat = await EngineChat.create('engine', { actions: fixtureActions(calls) });
    const out = await chat.event('visit');
    expect(out.startedFlow).toBe('new_customer');
    expect(out.replies.map((r) => r.type)).toEqual(['text', 'text', 'coupon_card', 'quick_replies']);
    expect(calls).toEqual(['coupon.issue:NEW_USER_20:给']);
    expect(out.replies[3]).toEqual({ type: 'quick_replies', text: '想先看看哪类商品呢？', replies: [{ title: '服饰' }, { title: '美妆' }] });
    expect([out.activeFlow, out.activeStep]).toEqual(['new_customer', 'ask_category']);

    const picked = await chat.send('1');
    expect(picked.activeFlow).toBe('size_guide');
    expect(chat.texts()).toEqual(['您平时穿什么尺码呢？']);
    expect(picked.state.stack.map((f) => f.flowId)).toEqual(['new_customer', 'size_guide']);

    const done = await chat.send('XL');
    expect(chat.texts().slice(0, 3)).toEqual(['好的，给您记下 XL 码', '尺码记好啦', '给您挑了几款热卖：']);
    expect(done.replies.filter((r) => r.type === 'product_card')).toHaveLength(2);
    expect(done.replies[3]).toEqual({ type: 'product_card', product: { id: 'p1', title: '服饰爆款', price: 99, subtitle: '仅剩 3 件' } });
    expect(chat.texts().at(-1)).toBe('有需要随时叫我哦');
    expect(done.activeFlow).toBeUndefined();
    expect(calls).toContain('product.recommend:服饰');
  });

  test('returning shoppers do not get the new-customer flow (when guard)', async () => {
    const chat = await EngineChat.create('engine', {}, makeUser({ isNew: false }));
    const out = await chat.event('visit');
    expect(out.startedFlow).toBeUndefined();
    expect(out.replies).toEqual([]);
  });

  test('invalid answers are re-asked with retry, then on_fail after max_attempts', async () => {
    const chat = await EngineChat.create();
    await chat.send('尺码怎么选');
    const first = await chat.send('不知道');
    expect(chat.texts()).toEqual(['尺码像 S/M/L/XL 这样说就好～']);
    expect(first.state.stack[0].awaiting).toEqual({ slot: 'size', attempts: 1 });
    const second = await chat.send('随便吧');
    expect(chat.texts()).toEqual(['那您想好了再告诉我～']);
    expect(second.activeFlow).toBeUndefined();
  });

  test('validate rejects values and re-asks; a non-interruptible flow ignores other triggers', async () => {
    const chat = await EngineChat.create();
    await chat.send('买几件好');
    await chat.send('8件');
    expect(chat.texts()).toEqual(['一次最多买 5 件哦，要几件？']);
    const out = await chat.send('你好');
    expect(out.startedFlow).toBeUndefined();
    expect(out.activeFlow).toBeUndefined();
    await chat.send('买几件');
    await chat.send('两件');
    expect(chat.texts()).toEqual(['好的，2 件']);
  });

  test('ask is skipped when the starting message already carries the entity', async () => {
    const chat = await EngineChat.create();
    const out = await chat.send('我的快递 SO2025110100012 到哪了');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中']);
    expect(out.activeFlow).toBeUndefined();
  });

  test('action failure takes on_error, and without on_error apologises and ends the flow', async () => {
    const chat = await EngineChat.create();
    const out = await chat.send('东西坏掉了');
    expect(chat.texts()).toEqual(['出错了但有兜底', '抱歉，系统开小差了～']);
    expect(out.activeFlow).toBeUndefined();
  });

  test('regex triggers match', async () => {
    const chat = await EngineChat.create();
    await chat.send('爆炸');
    expect(chat.texts()[0]).toBe('出错了但有兜底');
  });

  test('goto continues in another flow', async () => {
    const chat = await EngineChat.create();
    await chat.send('跳转一下');
    expect(chat.texts()).toEqual(['先说一句', '小美优选欢迎您～']);
  });

  test('an endless loop is stopped with an apology', async () => {
    const errors: string[] = [];
    const chat = await EngineChat.create('engine', { logger: { error: (_o, m) => errors.push(String(m)) } });
    const out = await chat.send('循环');
    expect(chat.texts()).toEqual(['抱歉，系统开小差了～']);
    expect(out.activeFlow).toBeUndefined();
    expect(errors.some((m) => m.includes('too many steps'))).toBe(true);
  });

  test('an interruption that took several turns ends with the bot asking whether to go back; a yes re-asks the question', async () => {
    const chat = await EngineChat.create();
    await chat.send('尺码');
    const mid = await chat.send('对了我的快递到哪了');
    expect(mid.startedFlow).toBe('logistics');
    expect(mid.state.suspended.map((f) => f.flowId)).toEqual(['size_guide']);
    expect(chat.texts()).toEqual(['请发一下订单号～']);
    const back = await chat.send('SO2025110100012');
    expect(back.replies).toEqual([
      { type: 'text', text: '订单 SO2025110100012 运输中' },
      { type: 'quick_replies', text: '刚才的「尺码推荐」还需要继续吗？', replies: [{ title: '继续' }, { title: '不用了' }] },
    ]);
    expect(back.activeFlow).toBeUndefined();
    expect(back.state.suspended).toEqual([]);
    const yes = await chat.send('继续');
    expect(chat.texts()).toEqual(['您平时穿什么尺码呢？']);
    expect([yes.activeFlow, yes.activeStep]).toEqual(['size_guide', 'ask_size']);
    await chat.send('M');
    expect(chat.texts()).toEqual(['好的，给您记下 M 码']);
  });

  test('an unrelated interruption answered at once is not announced back: the bot asks whether to go on', async () => {
    const chat = await EngineChat.create();
    await chat.send('尺码');
    const out = await chat.send('订单 SO2025110100012 的快递到哪了');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中', '刚才的「尺码推荐」还需要继续吗？\n1. 继续\n2. 不用了']);
    expect(out.activeFlow).toBeUndefined();
    expect(out.state.resumeOffer?.frames.map((f) => f.flowId)).toEqual(['size_guide']);
  });

  test('a related interruption (listed in the flow\'s related:) answered at once brings the question back in the same message, announced', async () => {
    const fixture = await loadFixture('engine', fixtureActions().names());
    const flows = new Map(fixture.flows);
    flows.set('size_guide', { ...flows.get('size_guide')!, related: ['logistics'] });
    const chat = await EngineChat.create('engine', { bundle: () => ({ ...fixture, flows }) });
    await chat.send('尺码');
    const out = await chat.send('订单 SO2025110100012 的快递到哪了');
    expect(out.replies.map((r) => r.type)).toEqual(['text', 'text']);
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中', '好的，我们接着刚才的继续～您平时穿什么尺码呢？']);
    expect([out.activeFlow, out.activeStep]).toEqual(['size_guide', 'ask_size']);
  });

  test('the shopper who declines or moves on does not get the interrupted flow back, and it never comes back twice', async () => {
    const chat = await EngineChat.create();
    await chat.send('尺码');
    await chat.send('对了我的快递到哪了');
    await chat.send('SO2025110100012');
    const no = await chat.send('不用了');
    expect(no.activeFlow).toBeUndefined();
    expect(no.state.resumeOffer).toBeUndefined();
    await chat.send('尺码');
    await chat.send('对了我的快递到哪了');
    await chat.send('SO2025110100012');
    const moved = await chat.send('你好');
    expect(moved.startedFlow).toBe('greeting');
    expect(moved.state.resumeOffer).toBeUndefined();
    expect(chat.texts().join()).not.toContain('尺码');
    // brought back once (yes), interrupted again: it does not come back a second time
    await chat.send('尺码');
    await chat.send('对了我的快递到哪了');
    await chat.send('SO2025110100012');
    await chat.send('继续');
    const again = await chat.send('订单 SO2025110100012 的快递到哪了');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中']);
    expect(again.activeFlow).toBeUndefined();
  });

  test('a flow removed by a hot reload is not offered back, and "继续" is then handled as a new message', async () => {
    const full = await loadFixture('engine', fixtureActions().names());
    let bundle = full;
    const chat = await EngineChat.create('engine', { bundle: () => bundle });
    await chat.send('尺码');
    await chat.send('对了我的快递到哪了');
    const flows = new Map(full.flows);
    flows.delete('size_guide');
    bundle = { ...full, flows, version: full.version + 1 };
    const back = await chat.send('SO2025110100012');
    expect(chat.texts()).toEqual(['订单 SO2025110100012 运输中']);
    expect(back.state.resumeOffer).toBeUndefined();
    bundle = full;
    await chat.send('尺码');
    await chat.send('对了我的快递到哪了');
    await chat.send('SO2025110100012');
    bundle = { ...full, flows, version: full.version + 2 };
    const cont = await chat.send('继续');
    expect(cont.replies.length).toBeGreaterThan(0); // not silent: the fallback answers
    expect(cont.activeFlow).toBeUndefined();
  });

  test('interrupting a called flow suspends and resumes the whole call chain', async () => {
    const chat = await EngineChat.create();
    await chat.event('visit');
    await chat.send('服饰');
    await chat.send('先帮我查一下快递');
    expect(chat.state.suspended.map((f) => f.flowId)).toEqual(['new_customer', 'size_guide']);
    await chat.send('SO2025110100012');
    expect(chat.state.resumeOffer?.frames.map((f) => f.flowId)).toEqual(['new_customer', 'size_guide']);
    await chat.send('继续');
    expect(chat.state.stack.map((f) => f.flowId)).toEqual(['new_customer', 'size_guide']);
    const done = await chat.send('L');
    expect(chat.texts().slice(0, 2)).toEqual(['好的，给您记下 L 码', '尺码记好啦']);
    expect(done.activeFlow).toBeUndefined();
  });

  test('clarification between two close intents, answered by title', async () => {
    const chat = await EngineChat.create();
    const out = await chat.send('这个能退吗发票呢', { return_refund: 0.45, invoice: 0.42 });
    expect(out.replies).toEqual([{ type: 'quick_replies', text: '您是想问哪一个呢？', replies: [{ title: '退货退款' }, { title: '开发票' }] }]);
    expect(out.misunderstood).toBe(false);
    const picked = await chat.send('开发票');
    expect(picked.startedFlow).toBe('invoice');
    expect(picked.state.clarifying).toBeUndefined();
  });

  test('clarification answered by index', async () => {
    const chat = await EngineChat.create();
    await chat.send('嗯那个', { return_refund: 0.45, invoice: 0.42 });
    expect((await chat.send('1')).startedFlow).toBe('returns');
  });

  test('misunderstandings count up, reset when understood, and hand off at the limit', async () => {
    const chat = await EngineChat.create();
    const a = await chat.send('啊啊啊');
    expect(a.misunderstood).toBe(true);
    expect(chat.texts()).toEqual(['抱歉没太明白～']);
    expect(a.state.misunderstandings).toBe(1);
    expect((await chat.send('你好')).state.misunderstandings).toBe(0);
    await chat.send('哦哦');
    const handed = await chat.send('呃呃');
    expect(handed.startedFlow).toBe('human_handoff');
    expect(handed.handoff).toEqual({ reason: '顾客要求' });
    expect(handed.state.mode).toBe('handoff');
  });

  test('in handoff mode the bot stays silent until released', async () => {
    const chat = await EngineChat.create();
    const out = await chat.send('转人工');
    expect(chat.texts()).toEqual(['正在为您转接人工客服～']);
    // the notice goes out as a handoff message, so WeChat doors can transfer the session to human agents
    expect(out.replies.map((r) => r.type)).toEqual(['handoff']);
    expect(out.userPatch).toEqual({ tags: ['handoff'] });
    expect(out.state.mode).toBe('handoff');
    const silent = await chat.send('你好');
    expect(silent.replies).toEqual([]);
    chat.state = { ...chat.state, mode: 'bot' };
    await chat.send('你好');
    expect(chat.texts()).toEqual(['小美优选欢迎您～']);
  });

  test('an unregistered step kind errors with the file position', async () => {
    const bundle = await loadFixture('engine', fixtureActions().names());
    const steps = new StepRegistry().register(sayStep);
    const engine = new FlowEngine({ bundle: () => bundle, actions: fixtureActions(), commerce: new DemoCommerce(), shop: { name: 's', timezone: 'Asia/Shanghai' }, steps });
    const chat = new EngineChat(engine);
    await expect(chat.send('尺码')).rejects.toThrow(/Step type 'ask' is not registered \(.*size_guide\.yaml:6\)/);
    expect(createStepRegistry().kinds().sort()).toEqual(['action', 'ask', 'branch', 'call', 'end', 'goto', 'say', 'variants']);
  });
});
