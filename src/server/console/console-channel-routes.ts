import type { FastifyInstance } from 'fastify';
import type { ChannelStatus, TokenHealthReport } from '../../core/channel-adapter';
import type { QueueCounts } from '../../outreach/queue-counts';
import type { ConsoleGuard } from './console-guard';

/** What the 渠道 route needs: the running channels and the job counts of the BullMQ queues. */
export interface ConsoleChannelRouteDeps {
  /** Every channel adapter running in this process, with its own status when it reports one. */
  channels(): { name: string; status?: ChannelStatus }[];
  /** Jobs per queue, keyed by queue name (what `kefu queues --json` prints). */
  queueCounts(): Promise<Record<string, QueueCounts>>;
}

/** One channel as the 渠道 page shows it. */
export interface ConsoleChannel {
  name: string;
  state: ChannelStatus['state'];
  detail?: string;
  since?: number;
  /** The login QR code payload, only while a scan is awaited (wechaty). */
  qrcode?: string;
  tokens?: TokenHealthReport[];
}

/**
 * `GET /console/api/channels` (operator, admin): each running channel with its state (a channel without a status of
 * its own is online while it runs), the wechaty login QR code while it waits for a scan (admins only), token health of the WeChat
 * doors, the job counts per BullMQ queue (`queues: null` with `queuesError` when Redis cannot count them), and
 * `board: true` when the caller may open Bull Board at /console/queues (admins).
 *
 * @example
 * registerConsoleChannelRoutes(app, guard, { channels: () => router.list(), queueCounts: () => counter.counts() });
 */
export function registerConsoleChannelRoutes(app: FastifyInstance, guard: ConsoleGuard, deps: ConsoleChannelRouteDeps): void {
  app.get('/console/api/channels', { preHandler: guard.requireRole('operator') }, async (request) => {
    const admin = guard.identityOf(request).user.role === 'admin';
    // The login QR binds the bot's WeChat account to whoever scans it: admins only.
    const channels = deps.channels().map((adapter) => toConsoleChannel(adapter, admin));
    const counted = await deps.queueCounts().then(
      (counts) => ({ queues: Object.entries(counts).map(([name, c]) => ({ name, ...c })) }),
      () => ({ queues: null, queuesError: '无法读取队列（Redis 不可用）。Could not read the queues.' }),
    );
    return { channels, ...counted, board: admin };
  });
}

function toConsoleChannel(adapter: { name: string; status?: ChannelStatus }, showQr: boolean): ConsoleChannel {
  const status = adapter.status ?? { state: 'online' };
  return {
    name: adapter.name,
    state: status.state,
    ...(status.detail ? { detail: status.detail } : {}),
    ...(status.since ? { since: status.since } : {}),
    ...(showQr && status.state === 'login_required' && status.qrcode ? { qrcode: status.qrcode } : {}),
    ...(status.tokens ? { tokens: status.tokens } : {}),
  };
}
