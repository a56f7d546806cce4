/**
 * One shopper on kefu's web chat socket (adapters/web/protocol.ts): `hello` with the shopper's id, then one
 * frame per turn, collecting the bot's replies until the socket has been quiet for a while.
 */
import WebSocket from 'ws';
import { outboundToText, type OutboundMessage } from '../../src/index';
import type { TurnReply } from './expectation';
import type { Turn } from './journey';

/** When a turn counts as over. */
export interface QuietRule {
  /** Quiet time after the last frame (and after `typing: false`), ms. */
  quietMs: number;
  /** The longest a turn may take, ms. */
  maxMs: number;
}

/** One turn as seen by the shopper. */
export interface CollectedTurn extends TurnReply {
  /** ms from sending to the first reply; undefined when nothing came. */
  latencyMs?: number;
  /** Error frames the server sent (their codes). */
  errors: string[];
}

type Frame = { type: string; on?: boolean; message?: OutboundMessage; code?: string };

/**
 * A connected shopper. `close()` when done.
 *
 * @example
 * const s = await ShopperSocket.open('ws://127.0.0.1:3000/chat/ws', 'bench-shopper-01');
 * const r = await s.turn({ say: '在吗', expect: { any: ['在'] } }, { quietMs: 400, maxMs: 5000 });
 */
export class ShopperSocket {
  private listener: (f: Frame) => void = () => undefined;
  private seq = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      try {
        this.listener(JSON.parse(data.toString()) as Frame);
      } catch {
        // a frame that is not JSON is no reply
      }
    });
  }

  /** Connect and say hello as `userId`; resolves on `welcome` (rejects after 10 s). */
  static async open(url: string, userId: string): Promise<ShopperSocket> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const shopper = new ShopperSocket(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no welcome from ${url} within 10 s. Fix: check that kefu started.`)), 10_000);
      shopper.listener = (f) => {
        if (f.type !== 'welcome') return;
        clearTimeout(timer);
        resolve();
      };
      socket.send(JSON.stringify({ type: 'hello', userId }));
    });
    return shopper;
  }

  /** Send the turn's frame and collect every bot message until the socket is quiet. */
  turn(turn: Turn, rule: QuietRule): Promise<CollectedTurn> {
    const id = `b${++this.seq}`;
    const frame = turn.say
      ? { type: 'message', id, text: turn.say, ...(turn.product && { context: { productId: turn.product } }) }
      : turn.tap
        ? { type: 'postback', id, title: turn.tap, payload: turn.tap }
        : { type: 'event', id, name: turn.event ?? 'visit', payload: { page: '/', title: 'bench' } };
    const texts: string[] = [];
    const errors: string[] = [];
    let handoff = false;
    let latencyMs: number | undefined;
    let typing = false;
    const t0 = performance.now();
    return new Promise((resolve) => {
      let quiet: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(quiet);
        clearTimeout(hard);
        this.listener = () => undefined;
        resolve({ text: texts.join('\n'), handoff, latencyMs, errors });
      };
      const hard = setTimeout(finish, rule.maxMs);
      const rearm = (): void => {
        clearTimeout(quiet);
        if (!typing) quiet = setTimeout(finish, rule.quietMs);
      };
      this.listener = (f) => {
        if (f.type === 'typing') typing = f.on === true;
        else if (f.type === 'reply' && f.message) {
          latencyMs ??= performance.now() - t0;
          texts.push(outboundToText(f.message));
          handoff ||= f.message.type === 'handoff';
        } else if (f.type === 'error') errors.push(f.code ?? 'error');
        else if (f.type === 'notice') texts.push(`[notice] ${String((f as { text?: string }).text ?? '')}`);
        else return;
        rearm();
      };
      this.socket.send(JSON.stringify(frame));
    });
  }

  /** Close the socket. */
  close(): void {
    this.socket.close();
  }
}
