import { BadInputError } from '../core/errors';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parse a human duration such as `30m`, `-24h`, `3d`, `1h30m` or a number of milliseconds.
 *
 * @example
 * parseDuration('30m'); // 1_800_000
 * parseDuration('-24h'); // -86_400_000
 */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const text = input.trim();
  const match = /^([+-])?((?:\d+(?:\.\d+)?[smhdw])+)$/.exec(text);
  if (!match) {
    throw new BadInputError(`'${input}' is not a duration.`, 'write a number followed by s, m, h, d or w, e.g. 30m, -24h, 3d.');
  }
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) {
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
  }
  return sign * Math.round(total);
}

/** True when `input` parses as a duration. */
export function isDuration(input: string): boolean {
  try {
    parseDuration(input);
    return true;
  } catch {
    return false;
  }
}
