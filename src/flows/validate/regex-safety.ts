import { spawn } from 'node:child_process';

/** Flags regex triggers run with (src/flows/runtime/select-trigger.ts). */
export const TRIGGER_REGEX_FLAGS = 'i';

/**
 * Polynomial backtracking up to this degree is accepted: messages are cut to KEFU_MAX_MESSAGE_CHARS (2,000) with
 * runs of white space folded, and n² there is a few milliseconds; n³ is seconds (measured: 0.2–3 s per message).
 */
export const MAX_ACCEPTED_DEGREE = 2;

/** How long recheck may analyse one regex; one it cannot decide in time is accepted (ms). */
const ANALYSIS_MS = 3000;
/** The whole check of a flows folder never takes longer than this (ms); what is left undecided is accepted. */
const DEADLINE_MS = ANALYSIS_MS + 7000;
/** In-process verdicts kept (hot reloads re-check only the regexes that changed). */
const CACHE_LIMIT = 2000;

/** What recheck found out about one regex, as far as kefu's policy is concerned. */
export type RegexSafety =
  | { safe: true; /** recheck could not decide in time (or at all): accepted. */ undecided?: boolean }
  | {
      safe: false;
      /** `exponential`, or the polynomial degree (3 = time grows with the cube of the message length). */
      growth: 'exponential' | number;
      /** The start of a message that makes the regex backtrack, e.g. `AAAAAAAAAAAAAAAA…`. */
      example: string;
    };

/** The fields of recheck's diagnostics that the child process sends back. */
interface Diagnosis {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { type: string; degree?: number };
  attack?: { pumps: { prefix: string; pump: string }[]; suffix: string };
}

const cache = new Map<string, RegexSafety>();

/**
 * kefu's verdict on one recheck diagnosis: exponential, or polynomial of degree ≥ 3, is refused; quadratic,
 * linear and undecided regexes are accepted.
 *
 * @example
 * judgeDiagnosis({ status: 'vulnerable', complexity: { type: 'exponential' }, attack }); // { safe: false, growth: 'exponential', … }
 */
export function judgeDiagnosis(d: Diagnosis): RegexSafety {
  if (d.status === 'safe') return { safe: true };
  if (d.status !== 'vulnerable' || !d.complexity) return { safe: true, undecided: true };
  const growth = d.complexity.type === 'exponential' ? 'exponential' : (d.complexity.degree ?? 2);
  if (growth !== 'exponential' && growth <= MAX_ACCEPTED_DEGREE) return { safe: true };
  return { safe: false, growth, example: exampleOf(d.attack) };
}

/** A short, printable start of recheck's attack string. */
function exampleOf(attack: Diagnosis['attack']): string {
  if (!attack) return '';
  const text = attack.pumps.map((p) => p.prefix + p.pump.repeat(Math.max(1, Math.ceil(12 / p.pump.length)))).join('') + attack.suffix;
  const shown = Array.from(text).slice(0, 24).join('');
  // control characters as \t, \u0000 …; everything else as typed
  return JSON.stringify(shown).slice(1, -1) + (shown.length < text.length ? '…' : '');
}

/**
 * Check regexes for catastrophic backtracking with recheck (its native binary when installed, else its
 * pure-JavaScript build) in a short-lived child process, so neither the event loop nor the memory of a running
 * kefu pays for it; verdicts are cached in this process. Never throws: what cannot be checked is accepted.
 *
 * @example
 * const verdicts = await checkRegexSafety(['(a+)+$', '第一次(来|买)']);
 * verdicts.get('(a+)+$'); // { safe: false, growth: 'exponential', example: 'AAAAAAAAAAAAA\\u0000A' }
 */
export async function checkRegexSafety(sources: Iterable<string>): Promise<Map<string, RegexSafety>> {
  const wanted = [...new Set(sources)];
  const missing = wanted.filter((s) => !cache.has(s));
  if (missing.length > 0) {
    const diagnoses = await diagnose(missing);
    if (cache.size + missing.length > CACHE_LIMIT) cache.clear();
    missing.forEach((source, i) => {
      const diagnosis = diagnoses[i];
      cache.set(source, diagnosis ? judgeDiagnosis(diagnosis) : { safe: true, undecided: true });
    });
  }
  return new Map(wanted.map((s) => [s, cache.get(s) ?? { safe: true, undecided: true }]));
}

/** The child's program: read `{sources, flags, params}` on stdin, print one diagnosis per source as JSON. */
const CHILD = `
const { check } = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8').on('data', (c) => (input += c)).on('end', async () => {
  const { sources, flags, params } = JSON.parse(input);
  const one = (s) => check(s, flags, params).then(
    (d) => ({ status: d.status, complexity: d.complexity, attack: d.attack && { pumps: d.attack.pumps, suffix: d.attack.suffix } }),
    () => ({ status: 'unknown' }),
  );
  // the first check starts recheck's analyser; the others share it
  const first = sources.length > 0 ? [await one(sources[0])] : [];
  const rest = await Promise.all(sources.slice(1).map(one));
  process.stdout.write(JSON.stringify([...first, ...rest]), () => process.exit(0));
});`;

async function diagnose(sources: string[]): Promise<(Diagnosis | undefined)[]> {
  let recheck: string;
  try {
    recheck = require.resolve('recheck');
  } catch {
    return [];
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', CHILD, recheck], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    const settle = (): void => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out) as Diagnosis[]);
      } catch {
        resolve([]); // killed at the deadline, or no output: every regex undecided
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('error', settle);
    child.once('close', settle);
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ sources, flags: TRIGGER_REGEX_FLAGS, params: { timeout: ANALYSIS_MS } }));
  });
}
