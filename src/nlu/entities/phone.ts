/**
 * Mainland China mobile numbers: 1[3-9] + 9 digits, optionally +86, with spaces or dashes.
 */
import type { Entity } from '../../core/recognizer';
import { entityAt, matchAll } from './types';

/** Regex (global) matching a mainland mobile number as written. */
export const PHONE_RE = /(?<![\dA-Za-z])(?:(?:\+?86)[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\dA-Za-z])/g;

/**
 * Find mobile numbers; the value is the 11 digits only.
 *
 * @example
 * extractPhones('电话 138-1234-5678'); // [{ type: 'phone', value: '13812345678', ... }]
 */
export function extractPhones(text: string): Entity[] {
  return matchAll(text, PHONE_RE).map((m) => {
    const digits = m[0].replace(/\D/g, '');
    return entityAt('phone', digits.slice(-11), m[0], m.index);
  });
}
