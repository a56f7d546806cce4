import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../../src/index';
import { ImageHost, tinyPng } from '../../helpers/fake-wechat-official';
import { MockWorld } from './mock-world';

// Flow and operator image URLs go out on wechaty as the bytes kefu fetched through the WeChat kit's guarded fetch
// (the puppet never gets a URL to fetch): internal hosts are refused unless KEFU_MEDIA_FETCH_ALLOW_HOSTS lists them,
// and a refused or failed image goes out as its alt text, as on the Official Account and WeCom doors.
// Real HTTP on loopback (the shop's image server), wechaty-puppet-mock as WeChat.

describe('WechatyAdapter images (guarded fetch, wechaty-puppet-mock)', () => {
  let host: ImageHost;
  const worlds: MockWorld[] = [];

  beforeEach(async () => {
    host = await ImageHost.start();
  });
  afterEach(async () => {
    await Promise.all(worlds.splice(0).map((w) => w.close()));
    await host.close();
  });

  async function online(options: ConstructorParameters<typeof MockWorld>[0]) {
    const world = new MockWorld(options);
    worlds.push(world);
    await world.adapter.start(async () => undefined);
    await world.login();
    const contact = world.contact('小王');
    const ref = { channel: 'wechaty', conversationId: contact.id, userId: contact.id };
    const seen = () => world.seenBy(contact).map(({ at: _at, ...rest }) => rest);
    return { world, contact, ref, seen };
  }

  it('sends the picture kefu fetched from an allow-listed host (bytes and name), then its alt as a caption', async () => {
    const { world, ref, seen } = await online({ images: { allowHosts: ['127.0.0.1'] } });
    const url = host.serve('/p1-detail.png', { body: tinyPng(7) });
    await world.adapter.send(ref, { type: 'image', url, alt: '卫衣细节图' });
    expect(seen()).toEqual([
      { kind: 'image', file: { name: 'image.png', bytes: tinyPng(7) } },
      { kind: 'text', text: '卫衣细节图' },
    ]);
    expect(host.hits('/p1-detail.png')).toBe(1);
  });

  it('refuses internal URLs without the allow-list (loopback, the 100.100.100.200 metadata service): alt text only', async () => {
    const { world, ref, seen } = await online({});
    const loopback = host.serve('/secret.png', { body: tinyPng(8) });
    const started = Date.now();
    await world.adapter.send(ref, { type: 'image', url: loopback, alt: '商品实拍图' });
    await world.adapter.send(ref, { type: 'image', url: 'http://100.100.100.200/latest/meta-data/' });
    expect(seen()).toEqual([
      { kind: 'text', text: '商品实拍图' },
      { kind: 'text', text: '[图片]' },
    ]);
    expect(host.hits('/secret.png')).toBe(0);
    expect(world.puppet.sentFiles).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000); // refused before connecting, not a timeout
  });

  it('a redirect from an allowed host to an internal one is refused too', async () => {
    const target = host.serve('/secret.png', { body: tinyPng(9) });
    let hops = 0;
    const hop = createServer((_req, res) => {
      hops += 1;
      res.writeHead(302, { location: target.replace('127.0.0.1', 'localhost') }).end();
    });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hop.address() as AddressInfo).port;
      const { world, ref, seen } = await online({ images: { allowHosts: [`127.0.0.1:${port}`] } });
      await world.adapter.send(ref, { type: 'image', url: `http://127.0.0.1:${port}/moved.png`, alt: '尺码表' });
      expect(seen()).toEqual([{ kind: 'text', text: '尺码表' }]);
      expect(hops).toBe(1);
      expect(host.hits('/secret.png')).toBe(0);
    } finally {
      await new Promise<void>((resolve) => hop.close(() => resolve()));
    }
  });

  it('an image that cannot be used (404, not a picture) goes out as its alt text', async () => {
    const { world, ref, seen } = await online({ images: { allowHosts: ['127.0.0.1'] } });
    await world.adapter.send(ref, { type: 'image', url: host.url('/gone.png'), alt: '已下架的图' });
    const html = host.serve('/page.png', { type: 'text/html', body: Buffer.from('<html></html>') });
    await world.adapter.send(ref, { type: 'image', url: html });
    expect(seen()).toEqual([
      { kind: 'text', text: '已下架的图' },
      { kind: 'text', text: '[图片]' },
    ]);
  });

  it('says which image setting is wrong', () => {
    expect(() => new MockWorld({ images: { allowHosts: ['http://cdn/x'], fetchTimeoutMs: 0 } })).toThrow(ConfigError);
    expect(() => new MockWorld({ images: { allowHosts: ['http://cdn/x'] } })).toThrow(/wechaty images\.allowHosts/);
  });
});
