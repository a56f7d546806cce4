import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockWorld, waitUntil } from './mock-world';

describe('WechatyAdapter login life (admin console status and operator alerts)', () => {
  let world: MockWorld;
  let restarts: number;

  beforeEach(async () => {
    world = new MockWorld({ reconnectMs: 20, reconnectMaxMs: 40 });
    restarts = 0;
    // wechaty-puppet's service mixin emits 'start' on every (re)start; its typed events do not list it.
    (world.puppet as unknown as NodeJS.EventEmitter).on('start', () => (restarts += 1));
    await world.adapter.start(async () => undefined);
  });
  afterEach(() => world.close());

  it('shows the QR code until the scan, then the account online', async () => {
    expect(world.adapter.status().state).toBe('starting');
    world.mocker.scan('https://login.weixin.qq.com/l/abc123', 2);
    await waitUntil(() => world.adapter.status().state === 'login_required', 'login_required');
    expect(world.adapter.status()).toMatchObject({ state: 'login_required', qrcode: 'https://login.weixin.qq.com/l/abc123' });
    world.mocker.login(world.me);
    await waitUntil(() => world.adapter.status().state === 'online', 'online');
    expect(world.adapter.status()).toEqual({ state: 'online', detail: '小美客服', since: expect.any(Number) });
    expect(world.alerts).toEqual([]);
  });

  it('on logout goes offline, alerts operators, restarts the puppet for a new scan and reports the reconnect', async () => {
    await world.login();
    const startsBefore = restarts;
    await world.puppet.logout('被挤下线');
    expect(world.adapter.status().state).toBe('offline');
    expect(world.adapter.status().detail).toContain('被挤下线');
    expect(world.alerts).toEqual([expect.objectContaining({ kind: 'logout' })]);

    await waitUntil(() => restarts > startsBefore, 'the puppet to be restarted');
    world.mocker.scan('https://login.weixin.qq.com/l/new-qr', 2);
    await waitUntil(() => world.adapter.status().qrcode === 'https://login.weixin.qq.com/l/new-qr', 'the new QR code');
    world.mocker.login(world.me);
    await waitUntil(() => world.adapter.status().state === 'online', 'online again');
    expect(world.alerts.map((a) => a.kind)).toEqual(['logout', 'reconnected']);

    const wang = world.contact('小王');
    await world.adapter.send({ channel: 'wechaty', conversationId: wang.id, userId: wang.id }, { type: 'text', text: '亲，我回来啦～' });
    expect(world.textsSeenBy(wang)).toEqual(['亲，我回来啦～']);
  });

  it('keeps retrying with backoff while no QR code or login comes', async () => {
    await world.login();
    const startsBefore = restarts;
    await world.puppet.logout('网络断开');
    await waitUntil(() => restarts >= startsBefore + 3, 'three restarts');
    expect(world.adapter.status().state).not.toBe('online');
    world.mocker.scan('https://login.weixin.qq.com/l/later', 2);
    await waitUntil(() => world.adapter.status().state === 'login_required', 'the QR code');
    const settled = restarts;
    await new Promise((resolve) => setTimeout(resolve, 120)); // several backoff periods: no restart while a QR code waits
    expect(restarts).toBe(settled);
  });

  it('alerts on puppet errors and does not restart after stop', async () => {
    await world.login();
    world.puppet.emit('error', { gerror: '{"code":2,"message":"网页版微信接口异常"}' });
    await waitUntil(() => world.alerts.some((a) => a.kind === 'error'), 'an error alert');
    expect(world.alerts.find((a) => a.kind === 'error')!.detail).toContain('网页版微信接口异常');
    const startsBefore = restarts;
    await world.close();
    expect(world.adapter.status().state).toBe('offline');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(restarts).toBe(startsBefore);
    expect(world.alerts.filter((a) => a.kind === 'logout')).toEqual([]);
  });
});

describe('WechatyAdapter keeps the login session in a file of its own', () => {
  it('writes <botName>.memory-card.json where botName points (kefu passes <KEFU_DATA_DIR>/wechaty)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-wechaty-'));
    const world = new MockWorld({ botName: path.join(dir, 'wechaty') });
    try {
      await world.adapter.start(async () => undefined);
      await world.login();
      await world.adapter.stop();
      expect(existsSync(path.join(dir, 'wechaty.memory-card.json'))).toBe(true);
      expect(existsSync(path.join(process.cwd(), 'wechaty.memory-card.json'))).toBe(false);
    } finally {
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
