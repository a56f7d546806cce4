import { extractEntities } from '../../../src/nlu/entities';

/** A Tuesday, 10:00 in China. */
export const NOW = new Date('2026-11-24T10:00:00+08:00');

/** [type, value, text] of every entity found. */
export function found(text: string): [string, string, string][] {
  return extractEntities(text, { now: NOW }).map((e) => [e.type, e.value, e.text]);
}

/** Values of the entities of one type. */
export function valuesOf(type: string, text: string): string[] {
  return extractEntities(text, { now: NOW })
    .filter((e) => e.type === type)
    .map((e) => e.value);
}
