import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** One open server-sent event stream. */
export interface EventStream {
  /** Send `event` with `data` as JSON (nothing once the stream ended). */
  send(event: string, data: unknown): void;
  /** A comment line (keep-alive). */
  comment(text: string): void;
  end(): void;
  /** True once the browser left or the server closed. */
  readonly ended: boolean;
}

/**
 * The console's server-sent event streams (the inbox, the live board): a reply is hijacked into `text/event-stream`,
 * `onEnd` runs exactly once when the browser leaves or the stream is ended, and every open stream is ended when the
 * server closes, so a shutdown never waits on a console left open.
 *
 * @example
 * const streams = new EventStreams(app);
 * const stream = streams.open(reply, () => stop());
 * stream.send('inbox', { type: 'handoff', id: 7 });
 */
export class EventStreams {
  private readonly live = new Set<ServerResponse>();

  constructor(app: FastifyInstance) {
    app.addHook('preClose', (done) => {
      for (const raw of this.live) raw.end();
      done();
    });
  }

  /** Take over `reply` as an event stream; the end is listened for before anything else can await. */
  open(reply: FastifyReply, onEnd: () => void): EventStream {
    const raw = reply.raw;
    reply.hijack();
    let ended = false;
    this.live.add(raw);
    raw.once('close', () => {
      ended = true;
      this.live.delete(raw);
      onEnd();
    });
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    return {
      send: (event, data) => void (ended || raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
      comment: (text) => void (ended || raw.write(`: ${text}\n\n`)),
      end: () => raw.end(),
      get ended() {
        return ended || raw.destroyed;
      },
    };
  }
}
