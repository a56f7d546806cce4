import { createHarness, type KefuHarness } from '../../helpers/kefu-harness';
import { MockWorld, waitUntil } from './mock-world';

/** The real kefu core (Redis, SQLite, shipped flows) behind a WechatyAdapter on wechaty-puppet-mock. */
describe('kefu on WeChat through wechaty (real core, shipped flows)', () => {
  let kefu: KefuHarness;
  let world: MockWorld;

  beforeEach(async () => {
    kefu = await createHarness();
    world = new MockWorld({ room: { keywords: ['客服'] } });
    kefu.core.router.add(world.adapter);
    await world.adapter.start(async (m) => void (await kefu.core.bot.handle(m)));
    await world.login();
  });
  afterEach(async () => {
    await world.close();
    await kefu.close();
  });

  it('greets a new shopper who says 你好, and the numbered reply picks a category', async () => {
    const wang = world.contact('小王');
    await world.say(wang, '你好');
    const greeting = world.textsSeenBy(wang);
    expect(greeting[0]).toMatch(/欢迎您～第一次来呀/);
    expect(greeting.at(-1)).toMatch(/想先逛逛哪类好物呢？.*\n1\. 服饰\n2\. 美妆[\s\S]*回复数字即可/);

    await world.say(wang, '2');
    const after = world.textsSeenBy(wang).slice(greeting.length);
    expect(after[0]).toMatch(/美妆里这几款新人买得最多/);
  });

  it('stays quiet in a group until @-mentioned, then answers the shopper with an @', async () => {
    const wang = world.contact('小王');
    const li = world.contact('小李');
    const room = world.room('小美优选福利群', [wang, li]);
    await world.say(li, '你好呀大家', room);
    expect(world.textsSeenBy(room)).toEqual([]);

    await world.say(wang, '@小美客服 你好', room, [world.me]);
    await waitUntil(() => world.textsSeenBy(room).length > 0, 'a reply in the group');
    expect(world.textsSeenBy(room)[0]).toMatch(/^@小王 .*欢迎您/);
  });

  it('answers a group message with a configured keyword without @', async () => {
    const li = world.contact('小李');
    const room = world.room('小美优选福利群', [li]);
    await world.say(li, '客服你好', room);
    expect(world.textsSeenBy(room)[0]).toMatch(/^@小李 .*欢迎您/);
  });
});
