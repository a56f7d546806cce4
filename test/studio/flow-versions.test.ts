import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { startVersionedFlows, type VersionedFlows } from '../../src/app/versioned-flows';
import { createLogger } from '../../src/core/log';
import { recognitionFromScores } from '../../src/core/recognizer';
import { createActionRegistry } from '../../src/flows/actions';
import { createDataSource } from '../../src/store/data-source';
import { TypeormFlowVersions } from '../../src/store/flow-version-store';
import { readFlowFolder } from '../../src/studio/flow-set';
import { FlowStudio } from '../../src/studio/flow-studio';
import { withRedisLock } from '../../src/studio/redis-lock';
import { SwitchNotices } from '../../src/studio/switch-notices';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';
import { pollUntil } from '../helpers/wait-until';

jest.setTimeout(120_000);

const ROOT_FLOWS = path.resolve(__dirname, '../../flows');
const logger = createLogger({ level: 'silent', name: 'test' });
const actionNames = createActionRegistry().names();
const THANKS = '不客气～能帮到您太好啦';

/** A kefu process's flows part: its own database connection and Redis connection, the shared folder. */
async function process(db: TestDatabase, dir: string, prefix: string, watch = false) {
  const dataSource = await createDataSource(db.url, db.schema ? { schema: db.schema } : {});
  const redis = new Redis('redis://127.0.0.1:6379');
  const store = new TypeormFlowVersions(dataSource);
  const notices = new SwitchNotices(redis, prefix);
  const lock = <T>(fn: () => Promise<T>) => withRedisLock(redis, `${prefix}:studio:lock`, fn);
  const flows = await startVersionedFlows({ dir, actionNames, logger, watch, store, notices, lock, checkEveryMs: 60_000 });
  const studio = (writeBack = true) =>
    new FlowStudio({
      store,
      dir,
      actionNames,
      lock,
      writeBack,
      switchTo: async (v, b) => {
        await flows.serve(v, b);
        await notices.publish(v.id);
      },
      recognize: async (t) => recognitionFromScores(t, {}),
      shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
      logger,
    });
  return {
    flows,
    store,
    studio,
    dataSource,
    close: async () => {
      flows.stop();
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}

const thanksText = (flows: VersionedFlows): string => JSON.stringify(flows.current().flows.get('thanks')!.steps);

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
] as const)('flow versions on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let dir: string;
  let prefix: string;
  const open: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    db = await makeDb();
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-versions-'));
    cpSync(ROOT_FLOWS, dir, { recursive: true });
    prefix = `kefu-versions-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    for (const p of open.splice(0)) await p.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports flows/ once, keeps a published draft across restarts (folder not written) and imports a developer commit', async () => {
    const a = await process(db, dir, prefix);
    open.push(a);
    const [first] = await a.store.list();
    expect(first).toMatchObject({ id: 1, status: 'published', source: 'files', createdBy: 'files' });
    expect(first!.inFolderAt).not.toBeNull();
    expect((await a.store.get(1))!.files).toEqual(await readFlowFolder(dir)); // Chinese and emoji kept (utf8mb4, longtext)
    expect(a.flows.servedVersion()).toBe(1);

    const draft = await a.studio().newDraft('market');
    await a.store.saveDraftFile(draft.id, 'thanks.yaml', draft.files['thanks.yaml']!.replace(THANKS, '好嘞～'));
    await expect(a.studio(false).publish(draft.id, 'market', '')).rejects.toThrow(/发布说明/);
    const blocked = await a
      .studio(false)
      .publish(draft.id, 'market', '改感谢语')
      .catch((e: Error) => e);
    expect(blocked).toMatchObject({
      code: 'PUBLISH_BLOCKED',
      failures: expect.arrayContaining([expect.stringContaining('「道谢与道别」')]),
    });
    for (const [name, text] of Object.entries(draft.files).filter(([n, t]) => n.startsWith('tests/') && t.includes('不客气')))
      await a.store.saveDraftFile(draft.id, name, text.replaceAll(THANKS, '好嘞～').replaceAll('- 不客气', '- 好嘞'));
    const v = await a.studio(false).publish(draft.id, 'market', '改感谢语');
    expect(v).toMatchObject({ status: 'published', inFolderAt: null, basedOn: 1 });
    expect(thanksText(a.flows)).toContain('好嘞～');
    expect(readFileSync(path.join(dir, 'thanks.yaml'), 'utf8')).toContain(THANKS); // not written back

    await a.close();
    open.pop();
    const b = await process(db, dir, prefix); // restart: the folder did not change, the database's version serves
    open.push(b);
    expect(b.flows.servedVersion()).toBe(v.id);
    expect(thanksText(b.flows)).toContain('好嘞～');
    expect((await b.store.list()).length).toBe(2);

    writeFileSync(path.join(dir, 'thanks.yaml'), readFileSync(path.join(dir, 'thanks.yaml'), 'utf8').replace(THANKS, '开发者改的'));
    await b.close();
    open.pop();
    const c = await process(db, dir, prefix); // a deploy with a developer's commit: the folder wins
    open.push(c);
    const [latest] = await c.store.list();
    expect(latest).toMatchObject({ id: 3, status: 'published', source: 'files' });
    expect(thanksText(c.flows)).toContain('开发者改的');
  });

  it('two processes switch together on publish and on rollback; both starting at once import the folder once', async () => {
    const [a, b] = await Promise.all([process(db, dir, prefix), process(db, dir, prefix)]);
    open.push(a, b);
    expect(await a.store.list()).toHaveLength(1);
    const draft = await a.studio().newDraft('market');
    const text = draft.files['settings.yaml']!;
    await a.store.saveDraftFile(draft.id, 'settings.yaml', `${text.trimEnd()}\n# 双十一\n`);
    const v = await a.studio().publish(draft.id, 'market', '双十一');
    expect(a.flows.servedVersion()).toBe(v.id);
    await pollUntil(
      async () => b.flows.servedVersion(),
      (id) => id === v.id,
      3000,
      'process B on the published version',
    );
    expect(readFileSync(path.join(dir, 'settings.yaml'), 'utf8')).toContain('# 双十一'); // written back: the folder is writable

    const back = await b.studio().rollback(1, 'market', '撤回');
    await pollUntil(
      async () => a.flows.servedVersion(),
      (id) => id === back.id,
      3000,
      'process A on the rolled-back version',
    );
    expect(b.flows.servedVersion()).toBe(back.id);
    expect(readFileSync(path.join(dir, 'settings.yaml'), 'utf8')).not.toContain('# 双十一');
    expect((await a.store.list()).map((x) => [x.id, x.status, x.source])).toEqual([
      [back.id, 'published', 'rollback'],
      [v.id, 'archived', 'studio'],
      [1, 'archived', 'files'],
    ]);
  });
});

describe('a developer edits flows/ with hot reload on (SQLite)', () => {
  it('a valid edit becomes a published version by files; a publish written back is not imported again', async () => {
    const db = await sqliteDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-versions-'));
    cpSync(ROOT_FLOWS, dir, { recursive: true });
    const p = await process(db, dir, `kefu-versions-${randomUUID().slice(0, 8)}`, true);
    try {
      writeFileSync(path.join(dir, 'thanks.yaml'), readFileSync(path.join(dir, 'thanks.yaml'), 'utf8').replace(THANKS, '热更新'));
      await pollUntil(
        async () => thanksText(p.flows),
        (t) => t.includes('热更新'),
        3000,
        'the edit served',
      );
      expect((await p.store.list()).map((v) => [v.status, v.source])).toEqual([
        ['published', 'files'],
        ['archived', 'files'],
      ]);
      const back = await p.studio().rollback(1, 'market', '回到原来');
      await new Promise((r) => setTimeout(r, 600)); // the watcher sees the written files
      expect(p.flows.servedVersion()).toBe(back.id);
      expect((await p.store.list()).length).toBe(3);
    } finally {
      await p.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

export type { DataSource };
