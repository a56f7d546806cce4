import http from 'node:http';

/** Latency of one measured request series, in ms. */
export interface Timing {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A keep-alive GET client for one server on loopback. */
export class LoopbackClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** GET `path`; resolves with the status and the body, or rejects on a socket error. */
  get(path: string): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.get(url, { agent: this.agent, headers: this.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }

  /**
   * `warmup` unmeasured requests, then `n` measured ones, one at a time (a dashboard user waits for each answer).
   * Every answer must be 200, else this throws with the body (a bench of error pages measures nothing).
   */
  async time(path: string, n: number, warmup: number): Promise<Timing> {
    const ms: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
      const t0 = process.hrtime.bigint();
      const res = await this.get(path);
      const took = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
      if (i >= warmup) ms.push(took);
    }
    return summarise(ms);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** p50/p95/p99/max/mean of raw latencies (ms, 2 decimals). */
export function summarise(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    requests: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}
