import type { FastifyInstance } from 'fastify';
import type { ConsoleGuard } from './console-guard';
import { EventStreams } from './event-stream';

/** What the streamer board reads (the live adapter, structurally): each room's board and change notices. */
export interface LiveBoards {
  boards(): { room: string }[];
  listen(listener: (room: string) => void): () => void;
}

/**
 * The 直播看板 API for marketing, operators and admins: `GET /console/api/live/rooms` (every room's board) and
 * `GET /console/api/live/events` (server-sent `board` events with one room's board whenever it changes, all rooms
 * on connect, and a keep-alive comment every 20 s).
 *
 * @example
 * registerLiveBoardRoutes(app, guard, liveAdapter);
 */
export function registerLiveBoardRoutes(app: FastifyInstance, guard: ConsoleGuard, live: LiveBoards, heartbeatMs = 20_000): void {
  const viewers = { preHandler: guard.requireRole('operator', 'marketing') };
  app.get('/console/api/live/rooms', viewers, async () => ({ rooms: live.boards() }));
  const streams = new EventStreams(app);
  app.get('/console/api/live/events', viewers, async (_request, reply) => {
    const heartbeat: { timer?: NodeJS.Timeout } = {};
    let stop = (): void => undefined;
    const stream = streams.open(reply, () => {
      if (heartbeat.timer) clearInterval(heartbeat.timer);
      stop();
    });
    live.boards().forEach((board) => stream.send('board', board));
    stop = live.listen((room) => {
      const board = live.boards().find((b) => b.room === room);
      if (board) stream.send('board', board);
    });
    heartbeat.timer = setInterval(() => stream.comment('keep-alive'), heartbeatMs);
    heartbeat.timer.unref();
  });
}
