/**
 * The journey file format of `npm run bench:dialogues`: bench/dialogues/*.yaml, each a YAML list of journeys.
 *
 * @example
 * - id: presale-hoodie-size
 *   user: bench-shopper-01        # optional, 8-64 of A-Z a-z 0-9 _ -; default `bench-<id>`
 *   note: 问卫衣尺码再追问颜色       # optional, what the journey is about
 *   turns:
 *     - event: visit              # the widget opening (a browsing event), or
 *       expect: { any: [欢迎] }
 *     - say: 这件卫衣有XL吗         # a typed message, or
 *       expect: { any: [XL, 有货, 库存] }
 *     - tap: 尺码怎么选            # a click on a quick reply the bot offered
 *       expect: { all: [[身高, 多高]], none: [没明白] }
 *     - say: 这件有黑色吗           # `product`: sent from that product's 问问客服 button (data-kefu-product)
 *       product: P1001
 *       expect: { all: [黑, [有货, 还有]], none: [哪一款] }
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * What one turn's reply (every bot message of the turn, as plain text, joined) must satisfy.
 * Matching ignores case, white space and full-/half-width differences.
 */
export interface Expectation {
  /** The reply contains at least one of these. */
  any?: string[];
  /** For each entry, the reply contains it (an entry that is a list: one of its alternatives). */
  all?: (string | string[])[];
  /** The reply contains none of these. */
  none?: string[];
  /** true: the turn hands the shopper to a human (a handoff message); false: it must not. */
  handoff?: boolean;
  /** true: the bot must stay quiet this turn; otherwise an empty reply always fails. */
  silent?: boolean;
}

/** What the shopper does in one turn: exactly one of say / tap / event. */
export interface Turn {
  say?: string;
  /** With `say`: the product page the message was sent from (the widget's `context.productId`). */
  product?: string;
  tap?: string;
  event?: 'visit';
  expect: Expectation;
}

/** One whole shopper journey. */
export interface Journey {
  id: string;
  user: string;
  note?: string;
  turns: Turn[];
  /** The file it came from, relative to the journeys folder (e.g. `presale.yaml`). */
  file: string;
}

/** A journey file that does not follow the format; `problems` lists every one found. */
export class JourneyFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(`Journey files are not valid:\n  ${problems.join('\n  ')}`);
    this.name = 'JourneyFormatError';
  }
}

const ID = /^[a-z0-9][a-z0-9-]{2,50}$/;
const USER = /^[A-Za-z0-9_-]{8,64}$/;
const TURN_KEYS = new Set(['say', 'tap', 'event', 'product', 'expect']);
const PRODUCT = /^[A-Za-z0-9_.:-]{1,64}$/;
const EXPECT_KEYS = new Set(['any', 'all', 'none', 'handoff', 'silent']);
const JOURNEY_KEYS = new Set(['id', 'user', 'note', 'turns']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWords = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string' && w.trim() !== '');

function checkExpect(value: unknown, where: string, problems: string[]): void {
  if (!isRecord(value)) return void problems.push(`${where}: 'expect' is missing. Fix: give every turn expect: { any: [...] } or similar.`);
  const unknown = Object.keys(value).filter((k) => !EXPECT_KEYS.has(k));
  if (unknown.length > 0)
    problems.push(`${where}: unknown expect key(s) ${unknown.join(', ')}. Fix: use any, all, none, handoff or silent.`);
  for (const key of ['any', 'none'] as const)
    if (value[key] !== undefined && !isWords(value[key])) problems.push(`${where}: expect.${key} must be a non-empty list of words.`);
  if (value.all !== undefined && !(Array.isArray(value.all) && value.all.length > 0 && value.all.every((e) => isWords([e].flat()))))
    problems.push(`${where}: expect.all must be a non-empty list of words or lists of alternative words.`);
  for (const key of ['handoff', 'silent'] as const)
    if (value[key] !== undefined && typeof value[key] !== 'boolean') problems.push(`${where}: expect.${key} must be true or false.`);
  if (!['any', 'all', 'none', 'handoff', 'silent'].some((k) => value[k] !== undefined))
    problems.push(`${where}: expect is empty. Fix: say what a good assistant's reply contains (any/all) or avoids (none).`);
}

function checkTurn(value: unknown, where: string, problems: string[]): Turn | undefined {
  if (!isRecord(value)) return void problems.push(`${where}: a turn must be a mapping with say/tap/event and expect.`);
  const unknown = Object.keys(value).filter((k) => !TURN_KEYS.has(k));
  if (unknown.length > 0)
    problems.push(`${where}: unknown turn key(s) ${unknown.join(', ')}. Fix: use say (with product), tap or event, and expect.`);
  const acts = ['say', 'tap', 'event'].filter((k) => value[k] !== undefined);
  if (acts.length !== 1) problems.push(`${where}: a turn has exactly one of say, tap or event (found ${acts.join(', ') || 'none'}).`);
  for (const key of ['say', 'tap'] as const)
    if (value[key] !== undefined && (typeof value[key] !== 'string' || value[key].trim() === ''))
      problems.push(`${where}: '${key}' must be a non-empty string (quote it when YAML reads it as a number or yes/no).`);
  if (value.product !== undefined && (value.say === undefined || typeof value.product !== 'string' || !PRODUCT.test(value.product)))
    problems.push(`${where}: 'product' goes with 'say' and is a product id such as P1001.`);
  if (value.event !== undefined && value.event !== 'visit') problems.push(`${where}: 'event' can only be visit (the chat being opened).`);
  checkExpect(value.expect, where, problems);
  return value as unknown as Turn;
}

/**
 * Validate the journeys of one parsed file; pushes every problem (with file and journey id) to `problems`.
 *
 * @example
 * const problems: string[] = [];
 * const journeys = checkJourneys(parse(text), 'presale.yaml', problems);
 */
export function checkJourneys(doc: unknown, file: string, problems: string[]): Journey[] {
  if (!Array.isArray(doc)) {
    problems.push(`${file}: the file must be a YAML list of journeys (- id: … turns: …).`);
    return [];
  }
  const journeys: Journey[] = [];
  doc.forEach((value, i) => {
    const at = `${file} journey #${i + 1}`;
    if (!isRecord(value)) return void problems.push(`${at}: a journey must be a mapping with id and turns.`);
    const id = typeof value.id === 'string' ? value.id : '';
    const where = id ? `${file} ${id}` : at;
    if (!ID.test(id)) problems.push(`${where}: id must be 3-51 lower-case letters, digits and dashes.`);
    const unknown = Object.keys(value).filter((k) => !JOURNEY_KEYS.has(k));
    if (unknown.length > 0) problems.push(`${where}: unknown key(s) ${unknown.join(', ')}. Fix: use id, user, note and turns.`);
    const user = value.user === undefined ? `bench-${id}`.slice(0, 64) : value.user;
    if (typeof user !== 'string' || !USER.test(user)) problems.push(`${where}: user must be 8-64 of A-Z a-z 0-9 _ - (web chat ids).`);
    const turns = Array.isArray(value.turns) ? value.turns : [];
    if (turns.length < 3 || turns.length > 10) problems.push(`${where}: a journey has 3-10 turns (found ${turns.length}).`);
    const checked = turns.map((t, n) => checkTurn(t, `${where} turn ${n + 1}`, problems));
    const note = typeof value.note === 'string' ? value.note : undefined;
    journeys.push({ id, user: String(user), note, turns: checked.filter((t): t is Turn => t !== undefined), file });
  });
  return journeys;
}

/**
 * Load and validate every `*.yaml` journey file of a folder (sorted by name); throws one
 * {@link JourneyFormatError} listing every problem, including ids or users used twice.
 */
export function loadJourneys(dir: string): Journey[] {
  const problems: string[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const journeys = files.flatMap((file) => {
    try {
      return checkJourneys(parse(readFileSync(join(dir, file), 'utf8')), file, problems);
    } catch (err) {
      problems.push(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]}).`);
      return [];
    }
  });
  const seen = new Map<string, string>();
  for (const j of journeys) {
    for (const key of [`id ${j.id}`, `user ${j.user}`]) {
      const other = seen.get(key);
      if (other) problems.push(`${j.file} ${j.id}: ${key} is also used in ${other}. Fix: every journey has its own id and shopper.`);
      else seen.set(key, `${j.file} ${j.id}`);
    }
  }
  if (files.length === 0) problems.push(`${dir}: no journey files (*.yaml).`);
  if (problems.length > 0) throw new JourneyFormatError(problems);
  return journeys;
}
