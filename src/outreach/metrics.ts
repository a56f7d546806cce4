import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';

/** Prometheus metrics of the outreach subsystem. */
export interface OutreachMetrics {
  registry: Registry;
  sent: Counter<'channel' | 'trigger'>;
  suppressed: Counter<'channel' | 'reason'>;
  failed: Counter<'channel' | 'reason'>;
  /** Seconds from the send job's creation to the channel accepting the message. */
  sendLatency: Histogram<'channel'>;
  queueDepth: Gauge<'queue' | 'state'>;
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/**
 * Create the metrics on `registry` (a new one by default). Queue depth is read from BullMQ at scrape time
 * from the queues returned by `queues()`.
 *
 * @example
 * const metrics = createOutreachMetrics(() => outreachQueues.all());
 * registerMetricsRoute(app, metricsHandler(metrics.registry), { metricsToken, adminToken }); // src/server/metrics-route.ts: token-guarded
 */
export function createOutreachMetrics(queues: () => Queue[], registry = new Registry()): OutreachMetrics {
  const sent = new Counter({
    name: 'kefu_outreach_sent_total',
    help: 'Proactive messages sent',
    labelNames: ['channel', 'trigger'] as const,
    registers: [registry],
  });
  const suppressed = new Counter({
    name: 'kefu_outreach_suppressed_total',
    help: 'Proactive messages suppressed by policy',
    labelNames: ['channel', 'reason'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'kefu_outreach_failed_total',
    help: 'Proactive sends that failed for good',
    labelNames: ['channel', 'reason'] as const,
    registers: [registry],
  });
  const sendLatency = new Histogram({
    name: 'kefu_outreach_send_latency_seconds',
    help: 'Send job creation to channel acceptance',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'kefu_queue_jobs',
    help: 'BullMQ jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const q of queues()) {
        const counts = await q.getJobCounts(...STATES);
        for (const state of STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
      }
    },
  });
  return { registry, sent, suppressed, failed, sendLatency, queueDepth };
}

/** A fastify-compatible handler that serves the registry in Prometheus text format. */
export function metricsHandler(registry: Registry) {
  return async (_req: unknown, reply: { header(k: string, v: string): unknown; send(body: string): unknown }) => {
    reply.header('content-type', registry.contentType);
    return reply.send(await registry.metrics());
  };
}
