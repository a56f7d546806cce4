import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { ConsoleClient } from '../../helpers/console-client';

jest.setTimeout(120_000);

const PASSWORD = '正确的密码-correct-horse';
const THANKS = '不客气～能帮到您太好啦';

/** The 工作室 API on a running kefu (loopback HTTP, real SQLite and Redis) over a copy of flows/. */
describe('studio routes /console/api/studio/*', () => {
  let running: TestKefu;
  let flowsDir: string;
  let base: string;
  const as = async (name: string) => {
    const c = new ConsoleClient(base, PASSWORD);
    expect((await c.login(name)).status).toBe(200);
    return c;
  };
  const reply = async (text: string) => {
    const res = await running.kefu.core.bot.handle({
      id: `m-${Math.random()}`,
      kind: 'text',
      text,
      ref: { channel: 'cli', conversationId: `c-${Math.random()}`, userId: `u-${Math.random()}` },
      receivedAt: Date.now(),
    });
    return JSON.stringify(res);
  };

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-studio-flows-'));
    cpSync(path.resolve(__dirname, '../../../flows'), flowsDir, { recursive: true });
    running = await startTestKefu(() => ({ flowsDir }));
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('market', 'marketing', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('boss', 'admin', PASSWORD);
  });
  afterAll(async () => {
    await running?.close();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  const ROUTES: [string, string, unknown?][] = [
    ['GET', '/console/api/studio/versions'],
    ['GET', '/console/api/studio/versions/1'],
    ['GET', '/console/api/studio/flows'],
    ['GET', '/console/api/studio/versions/1/graph/thanks'],
    ['GET', '/console/api/studio/versions/1/diff'],
    ['POST', '/console/api/studio/drafts', {}],
    ['POST', '/console/api/studio/versions/1/files', { name: 'thanks.yaml', text: 'x' }],
    ['POST', '/console/api/studio/versions/1/check', { name: 'thanks.yaml', text: 'x' }],
    ['POST', '/console/api/studio/versions/1/simulate', { inputs: [{ text: '谢谢' }] }],
    ['POST', '/console/api/studio/versions/1/discard', {}],
    ['POST', '/console/api/studio/versions/1/publish', { note: 'x' }],
    ['POST', '/console/api/studio/versions/1/rollback', { note: 'x' }],
  ];

  it('refuses every route to anonymous callers (401) and operators (403), and POSTs without the CSRF token (403)', async () => {
    const anonymous = new ConsoleClient(base, PASSWORD);
    const operator = await as('xiaomei');
    const marketing = await as('market');
    for (const [method, url, body] of ROUTES) {
      expect({ url, status: (await anonymous.call(method, url, body)).status }).toEqual({ url, status: 401 });
      const asOperator = method === 'GET' ? await operator.call(method, url) : await operator.post(url, body);
      expect({ url, status: asOperator.status }).toEqual({ url, status: 403 });
      if (method === 'POST') expect({ url, status: (await marketing.call(method, url, body)).status }).toEqual({ url, status: 403 });
    }
    expect((await marketing.call('GET', '/console/api/studio/versions')).json().versions).toHaveLength(1); // nothing was changed
  });

  it('lists flows by stage, checks a draft at line and column in Chinese, blocks a publish that fails a transcript, publishes and rolls back', async () => {
    const marketing = await as('market');
    const [imported] = (await marketing.call('GET', '/console/api/studio/versions')).json().versions;
    expect(imported).toMatchObject({ id: 1, status: 'published', source: 'files', createdBy: 'files' });
    const flows = (await marketing.call('GET', '/console/api/studio/flows')).json();
    expect(flows.groups.map((g: { stage: string }) => g.stage)).toEqual(['售前', '下单', '售后', '营销', '服务']);
    expect(flows.groups.find((g: { stage: string }) => g.stage === '服务').flows).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'thanks', file: 'thanks.yaml' })]),
    );
    const graph = (await marketing.call('GET', '/console/api/studio/versions/1/graph/thanks')).json();
    expect(graph.mermaid).toMatch(/^flowchart TD/);

    const draft = (await marketing.post('/console/api/studio/drafts', {})).json().version;
    expect(draft).toMatchObject({ status: 'draft', basedOn: 1, createdBy: 'market' });
    const original: string = draft.files['thanks.yaml'];
    const broken = original.replace('  - id: bye\n', '  - id: bye\n    next: nowhere\n');
    expect(broken).not.toBe(original);
    const check = (await marketing.post(`/console/api/studio/versions/${draft.id}/check`, { name: 'thanks.yaml', text: broken })).json();
    const line = broken.split('\n').findIndex((l) => l.includes('next: nowhere')) + 1;
    expect(check.problems).toEqual([expect.objectContaining({ file: 'thanks.yaml', line, message: expect.stringContaining('nowhere') })]);
    expect(check.problems[0].message).toMatch(/[\u4e00-\u9fff]/);

    // a text change the transcript tests do not expect: saved, then refused at publish with the reason in Chinese
    const changed = original.replace(THANKS, '不用谢呀～双十一见');
    await marketing.post(`/console/api/studio/versions/${draft.id}/files`, { name: 'thanks.yaml', text: changed });
    const blocked = await marketing.post(`/console/api/studio/versions/${draft.id}/publish`, { note: '双十一感谢语' });
    expect(blocked.status).toBe(422);
    expect(blocked.json().failures.join('\n')).toMatch(/期望包含「不客气」的回复，但机器人说的是/);
    expect(await reply('谢谢')).toContain(THANKS); // still the published version
    const noNote = await marketing.post(`/console/api/studio/versions/${draft.id}/publish`, { note: '  ' });
    expect(noNote.status).toBe(400);

    // the draft brings its own test along: publishing passes and switches the bot at once
    const tests = Object.keys(draft.files).filter((n) => n.startsWith('tests/') && draft.files[n].includes('不客气'));
    for (const name of tests)
      await marketing.post(`/console/api/studio/versions/${draft.id}/files`, {
        name,
        text: draft.files[name].replaceAll(THANKS, '不用谢呀～双十一见').replaceAll('不客气', '双十一见'),
      });
    const simulated = (await marketing.post(`/console/api/studio/versions/${draft.id}/simulate`, { inputs: [{ text: '谢谢' }] })).json();
    expect(simulated.turns[0].replies.map((r: { text: string }) => r.text).join()).toContain('双十一见');
    const diff = (await marketing.call('GET', `/console/api/studio/versions/${draft.id}/diff`)).json();
    expect(diff.files.find((f: { file: string }) => f.file === 'thanks.yaml').lines).toEqual(
      expect.arrayContaining([{ op: '+', text: expect.stringContaining('双十一见') }]),
    );
    const published = await marketing.post(`/console/api/studio/versions/${draft.id}/publish`, { note: '双十一感谢语' });
    expect(published.json().failures ?? []).toEqual([]);
    expect(published.status).toBe(200);
    expect(published.json().version).toMatchObject({ id: draft.id, status: 'published', publishedBy: 'market', note: '双十一感谢语' });
    expect(await reply('谢谢')).toContain('双十一见');
    expect(readFileSync(path.join(flowsDir, 'thanks.yaml'), 'utf8')).toContain('双十一见'); // written back to flows/

    const rolled = await marketing.post('/console/api/studio/versions/1/rollback', { note: '活动结束' });
    expect(rolled.json().version).toMatchObject({ status: 'published', source: 'rollback', basedOn: 1 });
    expect(await reply('谢谢')).toContain(THANKS);
    const statuses = (await marketing.call('GET', '/console/api/studio/versions'))
      .json()
      .versions.map((v: { id: number; status: string }) => [v.id, v.status]);
    expect(statuses).toEqual([
      [rolled.json().version.id, 'published'],
      [draft.id, 'archived'],
      [1, 'archived'],
    ]);
  });
});
