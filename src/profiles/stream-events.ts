import type { KefuEvent } from '../events/event';
import { behaviourPayloadProblem } from '../events/behaviour-payload';

/**
 * One event read from a stream entry: its stream, the entry's id, the event (or why there is none). An entry packing
 * several events (field `b`) gives one of these per event, all with the entry's id; the entry is acknowledged once
 * all of them are done.
 */
export interface ConsumedEntry {
  stream: string;
  id: string;
  event?: KefuEvent;
  /** Why this holds no usable event (it is acknowledged and skipped). */
  problem?: string;
  /** Field `o`: POST /events handed it to outreach already. */
  outreachDone: boolean;
  /**
   * Claimed from a consumer that did not acknowledge it (XAUTOCLAIM): it may have been applied already, in which
   * case the listeners are told again (they may not have been told before that consumer died).
   */
  redelivered?: boolean;
}

/**
 * The events of a stream entry (docs/profiles.md, "Streams"): field `e` = one JSON event, or `b` = a JSON array of
 * events (as POST /events writes them); `o` = one character per event, `1` when outreach has it. Every event is
 * checked here as direct producers' are: `id`, `type`, `userId` (or `customerId`) text, `at` epoch ms (default: the
 * entry id's time), the typed payload of behaviour types. An entry that cannot be read gives one item with a problem.
 *
 * @example
 * entryEvents('kefu:events:p:3', '1764000000000-0', ['b', '[{"id":"e1","type":"page_view","userId":"u1"}]']);
 */
export function entryEvents(stream: string, id: string, fields: string[]): ConsumedEntry[] {
  let single: string | undefined;
  let packed: string | undefined;
  let flags = '';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'e') single = fields[i + 1]!;
    else if (fields[i] === 'b') packed = fields[i + 1]!;
    else if (fields[i] === 'o') flags = fields[i + 1]!;
  }
  if (packed === undefined) return [entryEvent(stream, id, fields)];
  let values: unknown;
  try {
    values = JSON.parse(packed);
  } catch {
    return [{ stream, id, outreachDone: false, problem: 'field b is not JSON' }];
  }
  if (!Array.isArray(values) || (values.length === 0 && single === undefined))
    return [{ stream, id, outreachDone: false, problem: 'field b is not a non-empty JSON array of events' }];
  const entryAt = Number(id.slice(0, id.indexOf('-')));
  const out: ConsumedEntry[] = [];
  for (let i = 0; i < values.length; i += 1) out.push(checked(stream, id, entryAt, values[i], flags[i] === '1'));
  if (single !== undefined) out.push(checked(stream, id, entryAt, parsed(single), false));
  return out;
}

/**
 * The event of a single-event stream entry (field `e` = JSON event, `o` = `1` when outreach has it).
 *
 * @example
 * entryEvent('kefu:events:p:3', '1764000000000-0', ['e', '{"id":"e1","type":"page_view","userId":"u1"}']);
 */
export function entryEvent(stream: string, id: string, fields: string[]): ConsumedEntry {
  let raw = '';
  let outreachDone = false;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'e') raw = fields[i + 1]!;
    else if (fields[i] === 'o') outreachDone = fields[i + 1] === '1';
  }
  const value = parsed(raw);
  if (value === NOT_JSON) return { stream, id, outreachDone, problem: 'field e is not JSON' };
  return checked(stream, id, Number(id.slice(0, id.indexOf('-'))), value, outreachDone);
}

const NOT_JSON = Symbol('not JSON');

function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return NOT_JSON;
  }
}

const SNAKE = /^[a-z][a-z0-9_]*$/;
/** Types seen well-formed (a shop sends few types: the regular expression runs once per type and process). */
const GOOD_TYPES = new Set<string>();

function snakeCase(type: unknown): type is string {
  if (typeof type !== 'string') return false;
  if (GOOD_TYPES.has(type)) return true;
  if (!SNAKE.test(type)) return false;
  if (GOOD_TYPES.size < 1000) GOOD_TYPES.add(type);
  return true;
}

/** Check one event of an entry written at `entryAt` (see {@link entryEvents}). */
function checked(stream: string, id: string, entryAt: number, raw: unknown, outreachDone: boolean): ConsumedEntry {
  const entry: ConsumedEntry = { stream, id, outreachDone };
  if (raw === NOT_JSON) return { ...entry, problem: 'field e is not JSON' };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...entry, problem: 'field e is not an event object' };
  const value = raw as Partial<KefuEvent>;
  const at = value.at === undefined ? entryAt : typeof value.at === 'string' ? Date.parse(value.at) : value.at;
  const payload = value.payload && typeof value.payload === 'object' && !Array.isArray(value.payload) ? value.payload : {};
  if (typeof value.id !== 'string' || value.id === '' || !snakeCase(value.type))
    return { ...entry, problem: 'the event needs id (text) and type (snake_case)' };
  const userId = typeof value.userId === 'string' ? value.userId : '';
  const customerId = typeof value.customerId === 'string' ? value.customerId : undefined;
  if (userId === '' && customerId === undefined) return { ...entry, problem: 'the event needs userId or customerId' };
  if (typeof at !== 'number' || !Number.isFinite(at)) return { ...entry, problem: 'at must be epoch ms or ISO time' };
  const problem = behaviourPayloadProblem(value.type, payload);
  if (problem) return { ...entry, problem };
  const event: KefuEvent = { id: value.id, type: value.type, userId, at, payload };
  if (customerId !== undefined) event.customerId = customerId;
  entry.event = event;
  return entry;
}
