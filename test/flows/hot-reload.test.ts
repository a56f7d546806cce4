import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowError } from '../../src/core/errors';
import { watchFlows, type FlowWatcher } from '../../src/flows/hot-reload';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import type { FlowBundle } from '../../src/flows/types';

const flowText = (text: string) => `flow: greeting\ntitle: 打招呼\ntriggers:\n  - keywords: [你好]\nsteps:\n  - say: ${text}\n`;
const sayOf = (b: FlowBundle) => (b.flows.get('greeting')!.steps[0] as { say: string }).say;

/** Resolves when `check` passes, polling every 20 ms; rejects after `ms`. */
function until<T>(check: () => T | undefined, ms = 1000): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = check();
      if (v !== undefined) return resolve(v);
      if (Date.now() - start > ms) return reject(new Error('not within the time limit'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('hot reload', () => {
  let dir: string;
  let watcher: FlowWatcher | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kefu-flows-'));
    await writeFile(path.join(dir, 'greeting.yaml'), flowText('您好呀'));
  });
  afterEach(async () => {
    watcher?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a valid edit is live within a second; a broken edit is reported and the old flow keeps serving', async () => {
    const { bundle } = await loadFlowBundle(dir);
    const reloaded: FlowBundle[] = [];
    const failures: FlowError[][] = [];
    watcher = watchFlows(dir, { initial: bundle!, onReload: (b) => reloaded.push(b), onError: (e) => failures.push(e) });

    await writeFile(path.join(dir, 'greeting.yaml'), flowText('欢迎光临～'));
    const next = await until(() => reloaded.find((b) => sayOf(b) === '欢迎光临～'));
    expect(next.version).toBeGreaterThan(bundle!.version);
    expect(sayOf(watcher.current())).toBe('欢迎光临～');

    await writeFile(path.join(dir, 'greeting.yaml'), 'flow: greeting\ntitle: 打招呼\nsteps:\n  - say: 你好\n    nxt: nowhere\n');
    const errors = await until(() => failures.at(-1));
    expect(errors[0].message).toMatch(/greeting\.yaml:5:5: Unknown key 'nxt'/);
    expect(sayOf(watcher.current())).toBe('欢迎光临～');
  });

  test('stop() closes the watcher: later edits are ignored', async () => {
    const { bundle } = await loadFlowBundle(dir);
    let reloads = 0;
    watcher = watchFlows(dir, { initial: bundle!, onReload: () => reloads++, debounceMs: 10 });
    watcher.stop();
    await writeFile(path.join(dir, 'greeting.yaml'), flowText('改了'));
    await new Promise((r) => setTimeout(r, 300));
    expect(reloads).toBe(0);
    expect(sayOf(watcher.current())).toBe('您好呀');
  });
});
