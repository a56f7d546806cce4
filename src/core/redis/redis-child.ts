import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { DependencyError } from '../errors';
import { pingOnce } from './probe';

/** Where an executable named `name` is on `pathEnv` (a PATH string), or undefined. */
export function findExecutable(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (asks the OS for one). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A private redis-server started by kefu. */
export interface RedisChild {
  url: string;
  port: number;
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/**
 * The private server's settings: bound to loopback, data in `dir`, an append-only file written every second
 * (a crash or a power cut loses at most the last second: conversation state, dedupe marks, the durable inbox
 * and outreach jobs survive), snapshots as well, and `noeviction` so Redis refuses writes when full instead of
 * silently dropping kefu's keys.
 */
export function redisChildArgs(dir: string): string[] {
  return [
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '3600 1 300 100 60 10000',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
  ];
}

/**
 * Starts `binary` on a free port bound to 127.0.0.1 with its data in `<dataDir>/redis`,
 * and waits until it answers PING.
 */
export async function startRedisChild(binary: string, dataDir: string, readyTimeoutMs = 10_000): Promise<RedisChild> {
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = [...redisChildArgs(dir), '--port', String(port)];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = stopper(child);
  const ready = await waitForPing(port, readyTimeoutMs, () => child.exitCode !== null);
  if (!ready) {
    await stop();
    throw new DependencyError(
      'Redis',
      `the private redis-server (${binary}) did not start on port ${port}. Its output: ${output.trim().slice(-500) || '(none)'}`,
      `check that ${resolve(dataDir)} is writable, or run Redis yourself and set REDIS_URL.`,
    );
  }
  return { url: `redis://127.0.0.1:${port}`, port, process: child, stop };
}

/** Stops `child` gracefully (SIGTERM, SIGKILL after 5 s); also kills it if kefu exits first. */
function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  return async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

async function waitForPing(port: number, timeoutMs: number, dead: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !dead()) {
    if (await pingOnce('127.0.0.1', port, 200)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
