import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flowsCheck, type CliIO } from '../../src/cli/flows-command';

const FIXTURE = path.join(__dirname, '..', 'flows', 'fixtures', 'invalid', 'proactive-bad');

function capture(): CliIO & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l) };
}

/** `file:line:col` of the `- id: <id>` entry in a fixture file (col = the `id` key). */
function entryPos(file: string, id: string): string {
  const lines = readFileSync(path.join(FIXTURE, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.trim() === `- id: ${id}`);
  if (line < 0) throw new Error(`no entry ${id} in ${file}`);
  return `${path.relative(process.cwd(), path.join(FIXTURE, file))}:${line + 1}:${lines[line]!.indexOf('id:') + 1}`;
}

describe('kefu flows check: proactive blocks', () => {
  test('prints every bad proactive entry at its file:line:col and returns 1', async () => {
    const io = capture();
    expect(await flowsCheck(FIXTURE, io, [], 'en')).toBe(1);
    expect(io.outs).toEqual([]);
    const errs = io.errs.slice(0, -1);
    expect(errs).toHaveLength(4);
    expect(errs[0]).toContain(`${entryPos('cart.yaml', 'cart_late')}: invalid proactive trigger: delay: must be a duration`);
    expect(errs[1]).toContain(`${entryPos('cart.yaml', 'cart_pay')}: proactive trigger 'cart_pay' starts unknown flow 'paymnt_nudge'`);
    expect(errs[1]).toContain("Did you mean 'payment_nudge'?");
    expect(errs[2]).toContain(`${entryPos('pay.yaml', 'unpaid_order')}: invalid proactive trigger: subscription:`);
    expect(errs[3]).toContain(`${entryPos('pay.yaml', 'cart_abandoned')}: proactive trigger 'cart_abandoned' is declared twice`);
    expect(io.errs.at(-1)).toMatch(/4 errors in .*proactive-bad$/);
  });

  test('a when that does not parse, reads other names, or a start: sent as a subscription message is an error at its entry', async () => {
    const dir = path.join(__dirname, '..', 'flows', 'fixtures', 'invalid', 'proactive-when');
    const at = (id: string): string => {
      const lines = readFileSync(path.join(dir, 'followup.yaml'), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.trim() === `- id: ${id}`);
      return `${path.relative(process.cwd(), path.join(dir, 'followup.yaml'))}:${line + 1}:${lines[line]!.indexOf('id:') + 1}`;
    };
    const io = capture();
    expect(await flowsCheck(dir, io, [], 'en')).toBe(1);
    const errs = io.errs.slice(0, -1);
    expect(errs).toHaveLength(3);
    expect(errs[0]).toContain(
      `${at('followup_unclosed')}: invalid proactive trigger followup_unclosed: when: Expected ')' but the condition ended`,
    );
    expect(errs[1]).toContain(`${at('followup_bad_root')}: invalid proactive trigger followup_bad_root: when reads 'order.total'`);
    expect(errs[2]).toContain(
      `${at('followup_subscribed')}: invalid proactive trigger: subscription: a flow (start:) cannot go out as a subscription message`,
    );
  });

  test('the shipped flows/ pass and the summary counts their proactive triggers', async () => {
    const io = capture();
    expect(await flowsCheck(path.join(__dirname, '..', '..', 'flows'), io, undefined, 'en')).toBe(0);
    expect(io.errs).toEqual([]);
    expect(io.outs).toEqual([expect.stringMatching(/ \d+ intents, 7 proactive triggers — no errors$/)]);
  });
});
