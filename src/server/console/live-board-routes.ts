import type { FastifyInstance } from 'fastify';
import type { ConsoleGuard } from './console-guard';

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
  app.get('/console/api/live/events', viewers, async (request, reply) => {
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (board: unknown): void => void raw.write(`event: board\ndata: ${JSON.stringify(board)}\n\n`);
    raw.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    live.boards().forEach(send);
    const stop = live.listen((room) => {
      const board = live.boards().find((b) => b.room === room);
      if (board) send(board);
    });
    const timer = setInterval(() => raw.write(`: keep-alive\n\n`), heartbeatMs);
    timer.unref();
    request.raw.once('close', () => {
      clearInterval(timer);
      stop();
    });
  });
}
