import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockedAddressRange, fetchImage, ImageFetchError } from '../../../../src/kits/wechat';
import { ImageHost, tinyPng } from '../../../helpers/fake-wechat-official';

// Image URLs come from operators and flows: kefu must not fetch them from internal addresses (loopback, private,
// cloud metadata …) unless the host is in KEFU_MEDIA_FETCH_ALLOW_HOSTS. Real HTTP on loopback, real DNS lookups.

const portOf = (url: string) => new URL(url).port;

/** A server that answers every request with a 302 to `location`, counting requests. */
async function redirector(location: () => string): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(302, { location: location() }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved.png`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ImageFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageFetchError);
  return err as ImageFetchError;
}

describe('fetchImage refuses internal hosts unless they are allowed', () => {
  let host: ImageHost;
  beforeEach(async () => {
    host = await ImageHost.start();
  });
  afterEach(async () => {
    await host.close();
  });

  it('refuses a loopback URL without connecting, and says which setting allows it', async () => {
    const url = host.serve('/p1.png', { body: tinyPng(1) });
    const err = await failureOf(fetchImage(url));
    expect(err.reason).toBe('blocked_host');
    expect(err.message).toContain(`127.0.0.1:${portOf(url)} resolves to 127.0.0.1 (loopback 127.0.0.0/8)`);
    expect(err.message).toMatch(/Fix: .*KEFU_MEDIA_FETCH_ALLOW_HOSTS/);
    expect(host.hits('/p1.png')).toBe(0);
  });

  it('refuses a host name that resolves to loopback (localhost) and an IPv4-mapped IPv6 loopback', async () => {
    const path = '/p2.png';
    host.serve(path, { body: tinyPng(2) });
    const port = portOf(host.url(path));
    for (const url of [`http://localhost:${port}${path}`, `http://[::ffff:127.0.0.1]:${port}${path}`]) {
      const err = await failureOf(fetchImage(url));
      expect(err.reason).toBe('blocked_host');
      expect(err.message).toMatch(/loopback/);
    }
    expect(host.hits(path)).toBe(0);
  });

  it('fetches from a listed host: by name (every port) or as host:port (that port only)', async () => {
    const url = host.serve('/p3.png', { body: tinyPng(3) });
    const byName = await fetchImage(url, { allowHosts: ['127.0.0.1'] });
    expect(byName.type).toBe('image/png');
    const byPort = await fetchImage(url, { allowHosts: [`127.0.0.1:${portOf(url)}`] });
    expect(Buffer.from(byPort.data)).toEqual(tinyPng(3));
    expect(host.hits('/p3.png')).toBe(2);

    const otherPort = String((Number(portOf(url)) % 60000) + 1);
    const err = await failureOf(fetchImage(url, { allowHosts: [`127.0.0.1:${otherPort}`, 'img.example.com'] }));
    expect(err.reason).toBe('blocked_host');
    expect(host.hits('/p3.png')).toBe(2);
  });

  it('refuses the cloud metadata address 169.254.169.254 at once (not a timeout)', async () => {
    const started = Date.now();
    const err = await failureOf(fetchImage('http://169.254.169.254/latest/meta-data/iam.png', { timeoutMs: 3000 }));
    expect(err.reason).toBe('blocked_host');
    expect(err.message).toContain('169.254.169.254 (link-local 169.254.0.0/16 (cloud metadata))');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('re-checks every redirect hop: a redirect from an allowed host to loopback is refused', async () => {
    const target = host.serve('/secret.png', { body: tinyPng(4) });
    const hop = await redirector(() => `http://localhost:${portOf(target)}/secret.png`);
    try {
      const err = await failureOf(fetchImage(hop.url, { allowHosts: [`127.0.0.1:${portOf(hop.url)}`] }));
      expect(hop.hits()).toBe(1); // the allowed first hop was fetched …
      expect(err.reason).toBe('blocked_host');
      expect(err.message).toContain(`localhost:${portOf(target)}`);
      expect(host.hits('/secret.png')).toBe(0); // … the internal one never

      // the same redirect is followed when its target is listed too
      const image = await fetchImage(hop.url, { allowHosts: [`127.0.0.1:${portOf(hop.url)}`, `localhost:${portOf(target)}`] });
      expect(Buffer.from(image.data)).toEqual(tinyPng(4));
      expect(host.hits('/secret.png')).toBe(1);
    } finally {
      await hop.close();
    }
  });
});

describe('blockedAddressRange', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['::1', /loopback/],
    ['10.20.30.40', /private 10/],
    ['172.16.0.1', /private 172.16/],
    ['192.168.1.1', /private 192.168/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /0\.0\.0\.0\/8/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['fd12:3456::1', /unique local/],
    ['224.0.0.251', /multicast/],
    ['ff02::1', /multicast/],
    ['::ffff:10.0.0.1', /private 10/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['64:ff9b::7f00:1', /loopback/],
    // IPv4-compatible (deprecated): refused whole, whatever IPv4 it carries
    ['::127.0.0.1', /IPv4-compatible ::\/96/],
    ['::7f00:1', /IPv4-compatible ::\/96/],
    ['::a9fe:a9fe', /IPv4-compatible ::\/96/],
    ['::8.8.8.8', /IPv4-compatible ::\/96/],
    // IPv4-translated (SIIT ::ffff:0:0:0/96): judged by the IPv4
    ['::ffff:0:7f00:1', /loopback/],
    ['::ffff:0:127.0.0.1', /loopback/],
    ['::ffff:0:a9fe:a9fe', /link-local/],
    ['[::ffff:0:c0a8:101]', /private 192.168/],
    // local-use NAT64 (translated inside the network): refused whole
    ['64:ff9b:1::7f00:1', /local-use NAT64/],
    ['64:ff9b:1:7f00:1::', /local-use NAT64/],
    ['64:ff9b:1:ffff::808:808', /local-use NAT64/],
  ])('%s is internal', (ip, range) => {
    expect(blockedAddressRange(ip)).toMatch(range);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2400:3200::1',
    '::ffff:8.8.8.8',
    '::ffff:0:808:808',
    '64:ff9b::808:808',
    '64:ff9b:2::1',
  ])('%s is public', (ip) => {
    expect(blockedAddressRange(ip)).toBeUndefined();
  });
});
