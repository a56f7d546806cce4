import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { startVersionedFlows } from '../../src/app/versioned-flows';
import { createLogger } from '../../src/core/log';
import { recognitionFromScores } from '../../src/core/recognizer';
import { createActionRegistry } from '../../src/flows/actions';
import { createDataSource } from '../../src/store/data-source';
import { TypeormFlowVersions } from '../../src/store/flow-version-store';
import { readFlowFolder } from '../../src/studio/flow-set';
import { FlowStudio } from '../../src/studio/flow-studio';
import { withRedisLock } from '../../src/studio/redis-lock';
import { SwitchNotices } from '../../src/studio/switch-notices';
import { sqliteDatabase, type TestDatabase } from '../store/databases';

jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const logger = createLogger({ level: 'silent', name: 'test' });
const actionNames = createActionRegistry().names();
const MARK = '# 双十一导出测试';

/** One kefu process's versioned flows over `db`, serving from `dir` (imports the folder when it changed). */
async function open(db: TestDatabase, dir: string, prefix: string) {
  const dataSource = await createDataSource(db.url);
  const redis = new Redis('redis://127.0.0.1:6379');
  const notices = new SwitchNotices(redis, prefix);
  const store = new TypeormFlowVersions(dataSource);
  const lock = <T>(fn: () => Promise<T>) => withRedisLock(redis, `${prefix}:studio:lock`, fn);
  const flows = await startVersionedFlows({ dir, actionNames, logger, watch: false, store, notices, lock, checkEveryMs: 60_000 });
  const studio = new FlowStudio({
    store,
    dir,
    actionNames,
    lock,
    writeBack: false,
    switchTo: async (v, b) => void (await flows.serve(v, b)),
    recognize: async (t) => recognitionFromScores(t, {}),
    shop: { name: '小美优选', timezone: 'Asia/Shanghai' },
    logger,
  });
  return {
    store,
    studio,
    flows,
    close: async () => {
      flows.stop();
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}

/** `kefu flows export` writes what marketing published into a folder; that folder imports back as the same flow set. */
describe('kefu flows export (round trip)', () => {
  const prefix = `kefu-export-${randomUUID().slice(0, 8)}`;
  const redis = new Redis('redis://127.0.0.1:6379');
  const temp = mkdtempSync(path.join(tmpdir(), 'kefu-export-'));
  const dbs: TestDatabase[] = [];
  const kefu = (db: TestDatabase, ...args: string[]) =>
    run(process.execPath, [path.join(ROOT, 'bin/kefu'), 'flows', 'export', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, KEFU_DATA_DIR: temp, REDIS_URL: 'redis://127.0.0.1:6379', KEFU_REDIS_PREFIX: prefix },
    });

  afterAll(async () => {
    for (const db of dbs) await db.drop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(temp, { recursive: true, force: true });
  });

  it('exports the published version (or --version N) and imports it back unchanged', async () => {
    const db = await sqliteDatabase();
    dbs.push(db);
    const source = path.join(temp, 'flows');
    cpSync(path.join(ROOT, 'flows'), source, { recursive: true });
    const a = await open(db, source, prefix);
    const draft = await a.studio.newDraft('xiaoyun');
    await a.store.saveDraftFile(draft.id, 'settings.yaml', `${draft.files['settings.yaml']!.trimEnd()}\n${MARK}\n`);
    const published = await a.studio.publish(draft.id, 'xiaoyun', '双十一');
    await a.close();

    const out = path.join(temp, 'exported');
    const exported = await kefu(db, out);
    expect(exported.stdout).toContain(`wrote flow version #${published.id} to ${out}`);
    const files = await readFlowFolder(out);
    expect(files).toEqual(published.files);
    expect(files['settings.yaml']).toContain(MARK);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['intents.yaml', 'thanks.yaml', 'tests/thanks.test.yaml']));

    const older = path.join(temp, 'older');
    await kefu(db, older, '--version', '1');
    expect(await readFlowFolder(older)).toEqual(await readFlowFolder(source)); // version 1 is the imported folder

    // Import back: a fresh database serving the exported folder gets exactly the published files as its version 1.
    const fresh = await sqliteDatabase();
    dbs.push(fresh);
    const b = await open(fresh, out, `${prefix}-b`);
    const imported = await b.store.published();
    expect(imported).toMatchObject({ id: 1, source: 'files' });
    expect(imported!.files).toEqual(published.files);
    expect(b.flows.servedVersion()).toBe(1);
    await b.close();

    const missing = await kefu(db, path.join(temp, 'none'), '--version', '99').catch((e: { stderr: string }) => e);
    expect(missing.stderr).toMatch(/Flow version 99 is not in/);
  });
});
