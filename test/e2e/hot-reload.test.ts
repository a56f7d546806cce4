import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';

jest.setTimeout(30_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ask until the reply matches (or the deadline passes); returns how long it took. */
async function untilReply(kefu: KefuHarness, user: string, text: string, re: RegExp, deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (let i = 0; Date.now() - started < deadlineMs; i++) {
    let got = '';
    await kefu
      .chat(`${user}-${i}`)
      .send(text)
      .inspect((r) => (got = JSON.stringify(r)));
    if (re.test(got)) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`no reply matching ${re} within ${deadlineMs} ms`);
}

describe('a marketing staffer edits flows/ while the bot runs', () => {
  let dir: string;
  let kefu: KefuHarness;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-flows-'));
    cpSync(path.resolve(__dirname, '../../flows'), dir, { recursive: true });
    file = path.join(dir, 'thanks.yaml');
    kefu = await createHarness({ flowsDir: dir }, { watchFlows: true });
  });
  afterAll(async () => {
    await kefu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a valid edit is live within a second; a broken edit is reported and the last good flow keeps serving', async () => {
    await untilReply(kefu, 'a', '谢谢', /不客气/, 1000);
    writeFileSync(file, readFileSync(file, 'utf8').replace('不客气～能帮到您太好啦', '不用谢呀～双十一见'));
    expect(await untilReply(kefu, 'b', '谢谢', /双十一见/, 1000)).toBeLessThan(1000);

    writeFileSync(file, readFileSync(file, 'utf8').replace('  - id: bye\n', '  - id: bye\n    next: nowhere\n'));
    await sleep(600);
    const status = kefu.core.flows.status();
    expect(status.ok).toBe(false);
    expect(status.errors.join('\n')).toMatch(/thanks\.yaml:\d+:\d+: .*nowhere/);
    await untilReply(kefu, 'c', '谢谢', /双十一见/, 500); // still the last good version
  });
});
