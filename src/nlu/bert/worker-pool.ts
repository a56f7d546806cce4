/**
 * A fixed pool of inference worker threads with request/response correlation.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { KefuError } from '../../core/errors';

/** Raised when a worker fails to load or run the model. */
export class InferenceError extends KefuError {
  constructor(message: string, hint: string) {
    super('NLU_INFERENCE_FAILED', message, hint);
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
  pending: Map<number, Pending>;
}

/** Locate inference-worker.js next to this file, or in the source tree when running compiled code. */
export function workerScriptPath(): string {
  const candidates = [
    path.join(__dirname, 'inference-worker.js'),
    path.resolve(__dirname, '../../../src/nlu/bert/inference-worker.js'),
    path.resolve(__dirname, '../../../../src/nlu/bert/inference-worker.js'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new InferenceError(
      'The NLU inference worker script (inference-worker.js) was not found.',
      'copy src/nlu/bert/*.js next to the compiled bert-recognizer.js, or run from the source tree.',
    );
  }
  return found;
}

/**
 * N worker threads; `call` sends a message to the least busy one (or to a given one).
 *
 * @example
 * const pool = new WorkerPool(2);
 * await pool.broadcast('init', { options });
 * const out = await pool.call('infer', { texts: ['你好'] });
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size: number) {
    const script = workerScriptPath();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { execArgv: [] });
      const slot: Slot = { worker, busy: 0, pending: new Map() };
      worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => this.onMessage(slot, msg));
      worker.on('error', (err) => this.failAll(slot, err));
      worker.on('exit', (code) => {
        if (!this.closed) this.failAll(slot, new Error(`inference worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** Requests in flight across all workers. */
  get inFlight(): number {
    return this.slots.reduce((n, s) => n + s.busy, 0);
  }

  private onMessage(slot: Slot, msg: { id: number; ok: boolean; result?: unknown; error?: string }): void {
    const p = slot.pending.get(msg.id);
    if (!p) return;
    slot.pending.delete(msg.id);
    slot.busy--;
    if (msg.ok) p.resolve(msg.result);
    else
      p.reject(
        new InferenceError(
          `NLU worker failed: ${msg.error}`,
          'check that the model folder is complete (config.json, tokenizer.json, onnx/).',
        ),
      );
  }

  private failAll(slot: Slot, err: Error): void {
    for (const p of slot.pending.values()) p.reject(err);
    slot.busy -= slot.pending.size;
    slot.pending.clear();
  }

  private send<T>(slot: Slot, type: string, payload: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new InferenceError('The NLU worker pool is closed.', 'create a new recognizer.'));
    const id = this.nextId++;
    slot.busy++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.postMessage({ ...payload, type, id });
    });
  }

  /** Send to the least busy worker. */
  call<T>(type: string, payload: Record<string, unknown>): Promise<T> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    return this.send<T>(slot, type, payload);
  }

  /**
   * Send to every worker; resolves with every answer. When one fails, waits for the others to finish
   * before rejecting, so that closing the pool never terminates a worker inside a native model load
   * (which aborts the whole process).
   */
  async broadcast<T>(type: string, payload: Record<string, unknown>): Promise<T[]> {
    const settled = await Promise.allSettled(this.slots.map((s) => this.send<T>(s, type, payload)));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  /** Terminate all workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) this.failAll(s, new Error('worker pool closed'));
  }
}
