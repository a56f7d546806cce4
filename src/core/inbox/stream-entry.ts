import type { InboundMessage } from '../message';

/** A stream entry as Redis returns it: its id and its field/value list. */
export type StreamEntry = [id: string, fields: string[]];

/** An entry taken from the stream, with the number of the attempt this process makes at it (1 = the first run). */
export interface TakenEntry {
  id: string;
  fields: string[];
  attempt: number;
  /** The consumer this process took the entry over from (undefined: read new from the stream). */
  from?: string;
}

/** The message of a stream entry (field `m`), or undefined when the entry is damaged. */
export function parseEntry(fields: string[]): InboundMessage | undefined {
  const raw = fields[fields.indexOf('m') + 1];
  try {
    return raw === undefined ? undefined : (JSON.parse(raw) as InboundMessage);
  } catch {
    return undefined;
  }
}
