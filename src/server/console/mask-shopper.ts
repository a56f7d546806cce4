/**
 * A shopper id as the console shows it: the first 4 and last 2 characters, the middle hidden, so staff can tell
 * tickets apart without reading a full id (a shop customer id may be a phone number).
 *
 * @example
 * maskShopperId('13812345678'); // '1381*****78'
 * maskShopperId('u-1'); // '***'
 */
export function maskShopperId(id: string): string {
  const chars = [...id];
  if (chars.length <= 6) return '***';
  return `${chars.slice(0, 4).join('')}${'*'.repeat(Math.min(8, chars.length - 6))}${chars.slice(-2).join('')}`;
}
