import { isIPv4, isIPv6 } from 'node:net';

/** The 8 groups of an IPv6 address (zone id dropped, an embedded IPv4 tail turned into two groups). */
function ipv6Groups(address: string): number[] | undefined {
  const plain = address.split('%')[0]!;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  let text = plain;
  if (tail !== undefined) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${plain.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const groups = rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/**
 * The key per-address limits count a client under: an IPv4 address as it is, an IPv4-mapped IPv6 address
 * (`::ffff:198.51.100.7`) as its IPv4 address, and any other IPv6 address by its /64 network, which one household,
 * phone or server gets whole (counting each of its 2^64 addresses apart would let one client pick a fresh address
 * per request). Anything else is returned lower-cased.
 *
 * @example
 * clientAddressKey('::ffff:198.51.100.7'); // '198.51.100.7'
 * clientAddressKey('2001:db8:1:2:a:b:c:d'); // '2001:db8:1:2::/64'
 */
export function clientAddressKey(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (isIPv4(address) || !isIPv6(address.split('%')[0]!)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
