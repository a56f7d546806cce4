import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** IPv4 ranges kefu never fetches media from unless the host is allowed, with the name shown in errors. */
const IPV4_RANGES: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this network" 0.0.0.0/8'],
  ['10.0.0.0', 8, 'private 10.0.0.0/8'],
  ['100.64.0.0', 10, 'carrier-grade NAT 100.64.0.0/10'],
  ['127.0.0.0', 8, 'loopback 127.0.0.0/8'],
  ['169.254.0.0', 16, 'link-local 169.254.0.0/16 (cloud metadata)'],
  ['172.16.0.0', 12, 'private 172.16.0.0/12'],
  ['192.0.0.0', 24, 'IETF protocol assignments 192.0.0.0/24'],
  ['192.168.0.0', 16, 'private 192.168.0.0/16'],
  ['198.18.0.0', 15, 'benchmarking 198.18.0.0/15'],
  ['224.0.0.0', 4, 'multicast 224.0.0.0/4'],
  ['240.0.0.0', 4, 'reserved 240.0.0.0/4 (and broadcast)'],
];

/**
 * IPv6 ranges, same meaning. IPv4-mapped (::ffff:0:0/96), IPv4-translated (SIIT, ::ffff:0:0:0/96) and NAT64
 * (64:ff9b::/96) addresses are judged by their IPv4 (see embeddedIpv4); the deprecated IPv4-compatible ::/96 and
 * the local-use NAT64 prefix 64:ff9b:1::/48 (translated inside the network) are refused whole.
 */
const IPV6_RANGES: readonly [string, number, string][] = [
  ['::', 128, 'unspecified ::'],
  ['::1', 128, 'loopback ::1'],
  ['::', 96, 'IPv4-compatible ::/96 (deprecated)'],
  ['64:ff9b:1::', 48, 'local-use NAT64 64:ff9b:1::/48'],
  ['fc00::', 7, 'unique local fc00::/7'],
  ['fe80::', 10, 'link-local fe80::/10'],
  ['fec0::', 10, 'site-local fec0::/10'],
  ['ff00::', 8, 'multicast ff00::/8'],
];

const lists = IPV4_RANGES.map(([net, prefix, name]) => ({ list: subnet(net, prefix, 'ipv4'), name })).concat(
  IPV6_RANGES.map(([net, prefix, name]) => ({ list: subnet(net, prefix, 'ipv6'), name })),
);

function subnet(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return list;
}

/** The 8 groups of an IPv6 address (a trailing dotted IPv4 counts as two groups). */
function groupsOf(ip: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const [a, b, c, d] = (dotted ?? []).slice(1).map(Number);
  const hexPart = dotted ? `${ip.slice(0, dotted.index)}${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}` : ip;
  const [head, tail] = hexPart.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part
      ? part
          .split(':')
          .filter(Boolean)
          .map((g) => parseInt(g, 16))
      : [];
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address embedded in an IPv4-mapped (`::ffff:a.b.c.d`, `::ffff:7f00:1`), IPv4-translated (SIIT,
 * `::ffff:0:a.b.c.d`, `::ffff:0:7f00:1`) or NAT64 (`64:ff9b::/96`) IPv6 address.
 */
function embeddedIpv4(ip: string): string | undefined {
  const g = groupsOf(ip);
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const translated = g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !translated && !nat64) return undefined;
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
}

/**
 * Why kefu refuses to fetch media from `ip`: the name of the internal range it is in (loopback, private, link-local,
 * carrier-grade NAT, 0.0.0.0/8, multicast, reserved, their IPv6 forms, their IPv4-mapped, SIIT and NAT64 forms,
 * IPv4-compatible ::/96 and local-use NAT64 64:ff9b:1::/48), or undefined for a public address. A string that is not
 * an IP address is refused too.
 *
 * @example
 * blockedAddressRange('169.254.169.254'); // 'link-local 169.254.0.0/16 (cloud metadata)'
 * blockedAddressRange('::ffff:127.0.0.1'); // 'loopback 127.0.0.0/8'
 * blockedAddressRange('203.119.169.1'); // undefined
 */
export function blockedAddressRange(ip: string): string | undefined {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = isIPv4(bare) ? bare : isIPv6(bare) ? embeddedIpv4(bare) : undefined;
  if (!v4 && !isIPv6(bare)) return `not an IP address '${ip.slice(0, 60)}'`;
  const [address, type] = v4 ? [v4, 'ipv4' as const] : [bare, 'ipv6' as const];
  return lists.find(({ list }) => list.check(address, type))?.name;
}
