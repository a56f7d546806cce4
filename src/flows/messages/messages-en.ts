import type { Catalogue, ProactiveProblem } from './catalogue';
import { whereEn as w } from './where-text';
import { experimentEn } from './experiment-texts';

const orElse = (suggestion: string | undefined, fallback: string): string => (suggestion !== undefined ? `Did you mean '${suggestion}'?` : fallback);
const DOCS = 'docs/flow-authoring.md';
const CONDITION_FIX =
  'write e.g. `slots.size == "XL" and user.isNew` — operators: == != < <= > >= in, and/or/not, contains(a, b), len(x).';
const BACKTRACKING_FIX =
  'rewrite it so that no character can be matched by two repetitions in turn: (a+)+ → a+, (\\w+\\s?)* → [\\w\\s]*, ' +
  '\\s*\\s* → \\s*, .*X.* → .{0,10}X.{0,10}. Runs of spaces in messages are folded to one, so \\s? is enough where you wrote \\s*.';
const STEP_N = /^step-\d+$/;

const proactiveProblem = (p: ProactiveProblem): string => `${p.path}: ${p.detail}`;

/**
 * English texts of every message of `kefu flows check` (`--lang en`, `KEFU_LANG=en`), also the `message` of every
 * FlowError the loader raises (logs and hot reload stay English).
 */
export const EN: Catalogue = {
  fixLabel: 'Fix: ',
  problems: {
    'yaml-tab': ({ line, otherLines }) => ({
      message: `YAML syntax error: line ${line} is indented with a tab; YAML allows only spaces${otherLines.length ? ` (so are lines ${otherLines.join(', ')})` : ''}.`,
      fix: 'replace the tab at the start of the line with spaces (two per level); an editor that shows white space helps find it.',
    }),
    'yaml-syntax': ({ detail }) => ({ message: `YAML syntax error: ${detail}`, fix: 'fix the YAML syntax (indentation, quotes, colons, duplicate keys).' }),
    'yaml-value': ({ detail }) => ({ message: `YAML error: ${detail}`, fix: 'fix the YAML syntax.' }),
    'file-not-mapping': ({ kind }) => ({
      message: 'The file must be a YAML mapping (key: value lines).',
      fix: kind === 'intents' ? 'start with `intents:`.' : kind === 'settings' ? 'write `key: value` lines.' : `start with \`flow: <id>\` / see ${DOCS} for the format.`,
    }),
    'dir-unreadable': ({ reason }) => ({ message: `Cannot read the flows directory: ${reason}.`, fix: 'check the path (KEFU_FLOWS_DIR / the [dir] argument).' }),
    'dir-no-flows': () => ({ message: 'No flow files found.', fix: `add a flow file such as greeting.yaml (see ${DOCS}).` }),
    'kind-missing': ({ where, owner, kinds }) => ({
      message: `${w(where)}: a ${owner} needs exactly one of ${kinds.join('/')}, found none.`,
      fix: `add one of: ${kinds.join(', ')}.`,
    }),
    'kind-many': ({ where, owner, kinds, present }) => ({
      message: `${w(where)}: a ${owner} needs exactly one of ${kinds.join('/')}, found ${present.join(' and ')}.`,
      fix: `split it into ${present.length} ${owner}s.`,
    }),
    'unknown-key': ({ key, where, suggestion, allowed }) => ({
      message: `Unknown key '${key}' in ${w(where)}.`,
      fix: orElse(suggestion, `remove it; allowed keys here: ${allowed.join(', ')}.`),
    }),
    'missing-key': ({ key, where }) => ({ message: `Missing required key '${key}' in ${w(where)}.`, fix: `add \`${key}: …\`.` }),
    'value-not-allowed': ({ where, value, suggestion, options }) => ({
      message: `${w(where)}: '${value}' is not allowed.`,
      fix: orElse(suggestion, `use one of: ${options.join(', ')}.`),
    }),
    'wrong-type': ({ where, expected, detail }) => ({ message: `${w(where)}: ${detail}.`, fix: `write a ${expected} here.` }),
    'too-small': ({ where, detail, origin, limit }) => ({
      message: `${w(where)}: ${detail}.`,
      fix: origin === 'array' ? 'add at least one item.' : origin === 'string' ? 'write some text here.' : `use a number of at least ${limit}.`,
    }),
    'too-big': ({ where, detail, limit }) => ({ message: `${w(where)}: ${detail}.`, fix: `use a number of at most ${limit}.` }),
    'not-snake-case': ({ where, value, detail }) => ({
      message: `${w(where)}: ${detail}.`,
      fix: STEP_N.test(value)
        ? `give that step an \`id:\` in snake_case and point at it (default ids like '${value}' cannot be referenced).`
        : 'use snake_case like `new_customer`.',
    }),
    'bad-value': ({ where, detail }) => ({ message: `${w(where)}: ${detail}.`, fix: `see ${DOCS} for the file format.` }),
    'duplicate-intent': ({ name, firstLine }) => ({ message: `Duplicate intent '${name}' (first on line ${firstLine}).`, fix: 'remove one of them.' }),
    'duplicate-flow-id': ({ id, here, there }) => ({
      message: `Duplicate flow id '${id}': defined in ${here} and in ${there}.`,
      fix: 'rename one of them (flow ids are unique across all files in the flows directory).',
    }),
    'duplicate-step-id': ({ id, flowId, firstLine }) => ({
      message: `Duplicate step id '${id}' in flow '${flowId}' (first used on line ${firstLine}).`,
      fix: `rename one of them, e.g. '${id}_2'.`,
    }),
    'unknown-step': ({ ref, flowId, suggestion, ids }) => ({
      message: `Unknown step '${ref}' in flow '${flowId}'.`,
      fix: orElse(suggestion, `use one of the step ids of this flow: ${ids.join(', ')}.`),
    }),
    'unknown-flow': ({ ref, kind, stepId, suggestion }) => ({
      message: `Unknown flow '${ref}' in ${kind} of step '${stepId}'.`,
      fix: orElse(suggestion, `create flows/${ref.replace(/_/g, '-')}.yaml or use an existing flow id.`),
    }),
    'unknown-handoff-flow': ({ ref, suggestion }) => ({
      message: `Unknown flow '${ref}' in settings.handoff_flow.`,
      fix: orElse(suggestion, `create flows/${ref.replace(/_/g, '-')}.yaml or use an existing flow id.`),
    }),
    'unknown-related-flow': ({ ref, flowId, suggestion }) => ({
      message: `Unknown flow '${ref}' in related of flow '${flowId}'.`,
      fix: orElse(suggestion, 'use an existing flow id or remove the entry.'),
    }),
    'unknown-intent': ({ intent, flowId, suggestion, names }) => ({
      message: `Unknown intent '${intent}' in a trigger of flow '${flowId}'.`,
      fix: orElse(suggestion, `add '${intent}' to flows/intents.yaml or use one of: ${names.join(', ') || '(none defined)'}.`),
    }),
    'unknown-action': ({ action, stepId, suggestion, names }) => ({
      message: `Unknown action '${action}' in step '${stepId}'.`,
      fix: orElse(suggestion, `use one of the registered actions: ${names.join(', ')}.`),
    }),
    'branch-no-else': ({ stepId }) => ({
      message: `Branch '${stepId}' has no else case.`,
      fix: 'add `- else: <step id>` as the last case, so every shopper goes somewhere.',
    }),
    'else-not-last': ({ stepId }) => ({
      message: `In branch '${stepId}' the else case must be the last one.`,
      fix: 'move `- else: …` below the other cases.',
    }),
    'unreachable-step': ({ stepId, firstId }) => ({
      message: `Step '${stepId}' can never be reached from the first step '${firstId}'.`,
      fix: `point a next/then/on_fail/on_error at '${stepId}', or delete it.`,
    }),
    'bad-regex': ({ flowId, detail }) => ({
      message: `Invalid regex in flow '${flowId}': ${detail}.`,
      fix: 'check brackets and escape special characters like ( ) [ ] ? with a backslash.',
    }),
    'regex-backtracking': ({ flowId, growth, example }) => ({
      message:
        `Regex in flow '${flowId}' can backtrack catastrophically: matching time ` +
        `${growth === 'exponential' ? 'doubles with every extra character' : `grows with the message length to the power ${growth}`}` +
        ` on messages like '${example}', so one long message would stall the bot.`,
      fix: BACKTRACKING_FIX,
    }),
    'bad-condition': ({ text, detail }) => ({ message: `Invalid condition '${text}': ${detail}.`, fix: CONDITION_FIX }),
    'threshold-range': ({ flowId, value }) => ({
      message: `Threshold ${value} is out of range in flow '${flowId}'.`,
      fix: `use a number between 0 and 1, e.g. ${value > 1 && value <= 100 ? value / 100 : 0.6}.`,
    }),
    'settings-range': ({ key, value }) => ({ message: `settings.${key} ${value} is out of range.`, fix: 'use a number between 0 and 1.' }),
    'service-hours': ({ key, kind, value }) =>
      kind === 'same-time'
        ? { message: `service_hours.open and close are both '${value}'.`, fix: "for round-the-clock service write open '00:00' and close '24:00'." }
        : {
            message: `service_hours.${key} '${value}' is not ${key === 'days' ? 'a list of week days' : key === 'timezone' ? 'a time zone' : 'a time of day'}.`,
            fix:
              key === 'days'
                ? 'write e.g. 每天, 周一至周日, 周一至周五 or 周一、周三、周五.'
                : key === 'timezone'
                  ? 'use an IANA name such as Asia/Shanghai, or leave it out to use the shop time zone.'
                  : `write it as 'HH:MM' in quotes, e.g. '${key === 'open' ? '09:00' : '22:00'}'${key === 'close' ? " ('24:00' for midnight)" : ''}.`,
          },
    'unknown-variable': ({ name, suggestion, roots }) => ({
      message: `Undefined variable '${name}'.`,
      fix: orElse(suggestion, `variables start with one of: ${roots.join(', ')}.`),
    }),
    'unknown-slot': ({ name, slot, suggestion }) => ({
      message: `Undefined variable '${name}': no ask step collects slot '${slot}'.`,
      fix: orElse(suggestion, `add an ask step with \`slot: ${slot}\`.`),
    }),
    'unknown-var': ({ name, varName, flowId, suggestion }) => ({
      message: `Undefined variable '${name}': no action in flow '${flowId}' stores \`as: ${varName}\`.`,
      fix: orElse(suggestion, `add \`as: ${varName}\` to the action step that produces it.`),
    }),
    'bad-template': ({ detail }) => ({
      message: `Invalid template: ${detail}.`,
      fix: 'check the {{ … }} markup; filters must be standard liquid filters.',
    }),
    'proactive-invalid': ({ problems }) => ({
      message: `invalid proactive trigger: ${problems.map(proactiveProblem).join('; ')}`,
      fix: 'see docs/outreach.md for the proactive block format.',
    }),
    'proactive-when-syntax': ({ id, detail }) => ({
      message: `invalid proactive trigger ${id}: when: ${detail}`,
      fix: 'write it like a flow condition (docs/flow-authoring.md, section 5), e.g. when: user.tags contains "回头客" and event.payload.total >= 99',
    }),
    'proactive-when-reads': ({ id, paths }) => ({
      message: `invalid proactive trigger ${id}: when reads ${paths.map((p) => `'${p}'`).join(', ')}`,
      fix: 'a when condition reads event.… (the event and its payload) or user.… (user.tags, user.attributes.…, user.isNew), e.g. when: user.tags contains "回头客"',
    }),
    'proactive-duplicate': ({ id, otherFlow }) => ({
      message: `proactive trigger '${id}' is declared twice (also in flow '${otherFlow}')`,
      fix: 'give every proactive trigger a unique id.',
    }),
    'proactive-unknown-start': ({ id, start, suggestion, flows }) => ({
      message: `proactive trigger '${id}' starts unknown flow '${start}'.`,
      fix: orElse(suggestion, `start one of: ${flows.join(', ')}.`),
    }),
    'predict-duration': ({ id, key, value }) => ({
      message: `predict rule '${id}': ${key} '${value}' is not a duration.`,
      fix: `write a positive number followed by s, m, h, d or w, e.g. ${key}: ${key === 'after' ? '2m' : '24h'}.`,
    }),
    'predict-condition': ({ id, key, detail }) => ({
      message: `predict rule '${id}': ${key}: ${detail}`,
      fix: 'write it like a flow condition (docs/flow-authoring.md, section 5), e.g. when: features.top_product_views_10m >= 3',
    }),
    'predict-reads': ({ id, key, paths }) => ({
      message: `predict rule '${id}': ${key} reads ${paths.map((p) => `'${p}'`).join(', ')}`,
      fix:
        key === 'per'
          ? 'per names one value: features.… or event.…, e.g. per: features.top_product_10m'
          : 'a predict condition reads features.… (docs/outreach.md lists them), event.… (the latest event) or user.… (tags, attributes).',
    }),
    'predict-unknown-start': ({ id, start, suggestion }) => ({
      message: `predict rule '${id}' starts unknown flow '${start}'.`,
      fix: orElse(suggestion, `create flows/${start.replace(/_/g, '-')}.yaml or start an existing flow.`),
    }),
    'predict-duplicate': ({ id, otherFlow }) => ({
      message: `predict rule id '${id}' is used twice (also in flow '${otherFlow}')`,
      fix: 'give every predict rule and proactive trigger its own id (the outreach log and reports name them).',
    }),
    experiment: ({ problem }) => experimentEn(problem),
  },
  cli: {
    errorCount: (count, dir) => `✗ ${count} error${count === 1 ? '' : 's'} in ${dir}`,
    ok: ({ dir, flows, steps, intents, proactive }) =>
      `✓ ${dir}: ${flows} flows, ${steps} steps, ${intents} intents${proactive > 0 ? `, ${proactive} proactive triggers` : ''} — no errors`,
    unknownGraphFlow: ({ flowId, suggestion, flows }) => `Unknown flow '${flowId}'. Fix: ${orElse(suggestion, `use one of: ${flows.join(', ')}.`)}`,
  },
};
