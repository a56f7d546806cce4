/**
 * Shared types of the rule-based entity extractors.
 */
import type { Entity } from '../../core/recognizer';

/** Options shared by all extractors. */
export interface ExtractOptions {
  /** "Now" for relative dates (default: the current time). */
  now?: Date;
  /** The shop's IANA time zone for relative dates and clock times (`KEFU_TIMEZONE`; default Asia/Shanghai). */
  timeZone?: string;
}

/** One extractor: finds candidate entities of one type (they may overlap others' candidates). */
export type Extractor = (text: string, options: ExtractOptions) => Entity[];

/** Build an entity from a regex match (span of the whole match unless a group offset is given). */
export function entityAt(type: string, value: string, text: string, start: number): Entity {
  return { type, value, text, start, end: start + text.length };
}

/** All matches of a global regex. */
export function matchAll(text: string, re: RegExp): RegExpExecArray[] {
  const flags = re.flags.includes('g') ? re.flags : re.flags + 'g';
  return [...text.matchAll(new RegExp(re.source, flags))] as RegExpExecArray[];
}
