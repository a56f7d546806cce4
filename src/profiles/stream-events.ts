import type { KefuEvent } from '../events/event';
import { behaviourPayloadProblem } from '../events/behaviour-payload';

/** A stream entry read by a consumer: its stream, its id and the event in it (or why there is none). */
export interface ConsumedEntry {
  stream: string;
  id: string;
  event?: KefuEvent;
  /** Why the entry holds no usable event (it is acknowledged and skipped). */
  problem?: string;
  /** Field `o=1`: POST /events handed it to outreach already. */
  outreachDone: boolean;
}

/**
 * The event of a stream entry (fields `e` = JSON event, `o` = `1` when outreach has it). Entries from direct
 * producers are checked here: `id`, `type`, `userId` (or `customerId`) text, `at` epoch ms (default: the entry
 * id's time), the typed payload of behaviour types.
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
  const entry: ConsumedEntry = { stream, id, outreachDone };
  let value: Partial<KefuEvent>;
  try {
    value = JSON.parse(raw) as Partial<KefuEvent>;
  } catch {
    return { ...entry, problem: 'field e is not JSON' };
  }
  if (!value || typeof value !== 'object') return { ...entry, problem: 'field e is not an event object' };
  const at = value.at === undefined ? Number(id.slice(0, id.indexOf('-'))) : typeof value.at === 'string' ? Date.parse(value.at) : value.at;
  const payload = value.payload && typeof value.payload === 'object' && !Array.isArray(value.payload) ? value.payload : {};
  if (typeof value.id !== 'string' || value.id === '' || typeof value.type !== 'string' || !/^[a-z][a-z0-9_]*$/.test(value.type))
    return { ...entry, problem: 'the event needs id (text) and type (snake_case)' };
  const userId = typeof value.userId === 'string' ? value.userId : '';
  const customerId = typeof value.customerId === 'string' ? value.customerId : undefined;
  if (userId === '' && customerId === undefined) return { ...entry, problem: 'the event needs userId or customerId' };
  if (typeof at !== 'number' || !Number.isFinite(at)) return { ...entry, problem: 'at must be epoch ms or ISO time' };
  const problem = behaviourPayloadProblem(value.type, payload);
  if (problem) return { ...entry, problem };
  const event: KefuEvent = { id: value.id, type: value.type, userId, at, payload, ...(customerId !== undefined ? { customerId } : {}) };
  return { ...entry, event };
}
