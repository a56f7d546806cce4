/**
 * Micro-batching: concurrent single requests are collected for a short time (or until the batch is
 * full) and run as one batch. While every runner is busy, requests keep accumulating.
 */

/** Counters exposed for tests and metrics. */
export interface BatchStats {
  requests: number;
  batches: number;
  maxBatchSize: number;
}

/** Options of {@link MicroBatcher}. */
export interface MicroBatcherOptions {
  /** Longest wait for more requests after the first one, ms (default 2). */
  maxWaitMs?: number;
  /** Largest batch (default 64). */
  maxBatch?: number;
  /** Batches run at the same time (e.g. the number of workers; default 1). */
  concurrency?: number;
  /**
   * When a runner is idle, flush at the end of the current event-loop turn instead of waiting
   * `maxWaitMs` (requests made in the same turn still share a batch; default true). Keeps
   * single-message latency low; under load requests accumulate while the runners are busy.
   */
  eagerWhenIdle?: boolean;
}

interface Item<T, R> {
  input: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * @example
 * const b = new MicroBatcher((xs: string[]) => model.run(xs), { maxWaitMs: 2, maxBatch: 64 });
 * const [a, c] = await Promise.all([b.submit('你好'), b.submit('在吗')]); // one batch
 */
export class MicroBatcher<T, R> {
  private queue: Item<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = 0;
  private readonly maxWaitMs: number;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly eager: boolean;
  readonly stats: BatchStats = { requests: 0, batches: 0, maxBatchSize: 0 };

  constructor(
    private readonly run: (inputs: T[]) => Promise<R[]>,
    options: MicroBatcherOptions = {},
  ) {
    this.maxWaitMs = options.maxWaitMs ?? 2;
    this.maxBatch = options.maxBatch ?? 64;
    this.concurrency = options.concurrency ?? 1;
    this.eager = options.eagerWhenIdle ?? true;
  }

  /** Queue one input; resolves with its result. */
  submit(input: T): Promise<R> {
    this.stats.requests++;
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (this.eager && this.running < this.concurrency) this.immediate ??= setImmediate(() => this.flush());
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    while (this.queue.length > 0 && this.running < this.concurrency) {
      this.dispatch(this.queue.splice(0, this.maxBatch));
    }
  }

  private dispatch(items: Item<T, R>[]): void {
    this.running++;
    this.stats.batches++;
    this.stats.maxBatchSize = Math.max(this.stats.maxBatchSize, items.length);
    this.run(items.map((i) => i.input))
      .then(
        (results) => items.forEach((item, k) => item.resolve(results[k])),
        (err) => items.forEach((item) => item.reject(err)),
      )
      .finally(() => {
        this.running--;
        if (this.queue.length > 0) this.flush();
      });
  }
}
