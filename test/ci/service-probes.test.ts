import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// .ci/services.sh must tell "not running" from "running but not usable" (a password, another server on the port):
// starting a second server on a taken port failed after a long wait with a wrong fix. Its probes, against real servers.

const PROBES = resolve(__dirname, '../../.ci/service-probes.sh');

/** Runs `fn args…` of the probes in bash, with `stdin` as its input; prints what it printed. */
function probe(fn: string, args: string[], stdin = ''): string {
  const script = `. "$0"; ${fn} "$@"`;
  return execFileSync('bash', ['-c', script, PROBES, ...args], { input: stdin, encoding: 'utf8', timeout: 20_000 }).trim();
}

/** Whether port_open finds something listening on 127.0.0.1:`port`. */
function listening(port: number): boolean {
  try {
    execFileSync('bash', ['-c', `. "$0"; port_open 127.0.0.1 ${port}`, PROBES]);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('redis_state', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-ci-probe-'));
    port = await freePort();
    // a private redis-server that needs a password, like a machine's own Redis can
    child = spawn('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      'not-empty',
      '--save',
      '',
      '--dir',
      dir,
    ]);
    const deadline = Date.now() + 10_000;
    while (!listening(port)) {
      if (Date.now() > deadline) throw new Error(`the private redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pong for a Redis the tests can use (the shared one on 6379)', () => {
    expect(probe('redis_state', ['127.0.0.1', '6379'])).toBe('pong');
  });

  it('refused, with its answer, for a Redis that wants a password: it must not be started a second time', () => {
    expect(probe('redis_state', ['127.0.0.1', String(port)])).toMatch(/^refused: .*NOAUTH/);
  });

  it('down when nothing listens', async () => {
    expect(probe('redis_state', ['127.0.0.1', String(await freePort())])).toBe('down');
  });
});

describe('mariadb_state', () => {
  it('ok when the user logs in over TCP without a password (root on 3306)', () => {
    expect(probe('mariadb_state', ['127.0.0.1', '3306', 'root'])).toBe('ok');
  });

  it('refused, with the error, when a server answers but the user cannot log in without a password', () => {
    expect(probe('mariadb_state', ['127.0.0.1', '3306', 'kefu_ci_no_such_user'])).toMatch(/^refused: .*Access denied/);
  });

  it('down when nothing listens', async () => {
    expect(probe('mariadb_state', ['127.0.0.1', String(await freePort()), 'root'])).toBe('down');
  });
});

describe('PostgreSQL clusters (pg_lsclusters -h lines)', () => {
  const clusters = [
    '15 main 5433 down   postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log',
    '16 main 5432 down   postgres /var/lib/postgresql/16/main /var/log/postgresql/postgresql-16-main.log',
  ].join('\n');

  it('the cluster configured for 5432 is the one to use, running or not, whatever its version', () => {
    expect(probe('pg_cluster_on_port', ['5432'], clusters)).toBe('16 main');
    expect(probe('pg_cluster_on_port', ['5432'], clusters.split('\n')[0])).toBe('');
    expect(probe('pg_cluster_on_port', ['5432'], '')).toBe('');
  });

  it('a new cluster is named main unless that version has a main already', () => {
    expect(probe('pg_new_cluster_name', ['15'], clusters)).toBe('kefu-ci');
    expect(probe('pg_new_cluster_name', ['17'], clusters)).toBe('main');
  });
});
