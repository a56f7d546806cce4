import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A `kefu start` child process listening on a port of its own. */
export interface KefuProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start `bin/kefu start` as a separate process with `env` and wait until it prints its address.
 * Unless `env` says otherwise it listens on 127.0.0.1 and a port the OS picks (PORT=0), so parallel
 * test files never race for a fixed port.
 */
export async function startKefuProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<KefuProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/kefu'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kefu did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = (): void => {
      const m = /kefu is running: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kefu exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // exited, or killed by a signal
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
