import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/store/data-source';
import { ConsoleUserEntity } from '../../src/store/entities';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(90_000);
const ROOT = path.resolve(__dirname, '../..');

/** Run bin/kefu with `stdin` piped in; resolves with exit code and output. */
function kefu(env: NodeJS.ProcessEnv, stdin: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kefu'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('kefu console add-user', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-console-cli-'));
  const databaseUrl = `sqlite:${path.join(dir, 'k.sqlite')}`;
  const { KEFU_CONSOLE_PASSWORD: _unset, ...base } = process.env;
  const env = { ...base, DATABASE_URL: databaseUrl, KEFU_DATA_DIR: dir };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the first admin with the password from standard input, stored as an argon2id hash', async () => {
    const out = await kefu(env, 'boss-passphrase-一二三\n', 'console', 'add-user', 'boss', '--role', 'admin');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('console user boss (admin) saved');

    const ds = await createDataSource(databaseUrl);
    try {
      const users = new TypeormConsoleUsers(ds);
      expect(await users.verify('boss', 'boss-passphrase-一二三')).toMatchObject({ name: 'boss', role: 'admin' });
      expect(await users.verify('boss', 'boss-passphrase')).toBeUndefined();
      const row = await ds.getRepository(ConsoleUserEntity).findOneByOrFail({ name: 'boss' });
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      expect(row.passwordHash).not.toContain('boss-passphrase');
    } finally {
      await ds.destroy();
    }
  });

  it('takes KEFU_CONSOLE_PASSWORD, refuses to overwrite without --replace, and replaces with it', async () => {
    const withEnv = { ...env, KEFU_CONSOLE_PASSWORD: 'operator-passphrase' };
    const refused = await kefu(withEnv, '', 'console', 'add-user', 'boss', '--role', 'operator');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("console user 'boss' exists already. Fix: pass --replace");

    const replaced = await kefu(withEnv, '', 'console', 'add-user', 'boss', '--role', 'operator', '--replace');
    expect(replaced.code).toBe(0);
    const ds = await createDataSource(databaseUrl);
    try {
      expect(await new TypeormConsoleUsers(ds).verify('boss', 'operator-passphrase')).toMatchObject({ role: 'operator' });
    } finally {
      await ds.destroy();
    }
  });

  it('refuses an unknown role and a short password, saying how to fix them', async () => {
    const role = await kefu(env, 'long-enough-password\n', 'console', 'add-user', 'x1', '--role', 'root');
    expect(role.code).toBe(1);
    expect(role.stderr).toContain("unknown console role 'root'. Fix: use one of admin, operator, marketing.");
    const short = await kefu(env, 'short\n', 'console', 'add-user', 'x1', '--role', 'marketing');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('the password is too short. Fix: use at least 10 characters.');
    const none = await kefu(env, '', 'console', 'add-user', 'x1', '--role', 'marketing');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no password given');
  });
});
