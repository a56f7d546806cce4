import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodePackets, encodeMessages, encodePacket, OP } from './packet';

/** What the fake saw from one client connection. */
export interface FakeConnection {
  socket: WebSocket;
  /** The auth packet's JSON body (op 7), once received. */
  auth?: Record<string, unknown>;
  /** Milliseconds from connect to the auth packet. */
  authAfterMs?: number;
  /** When each heartbeat (op 2) arrived. */
  heartbeats: number[];
  /** Protocol versions of the client's packets' headers. */
  versions: number[];
}

/**
 * A fake Bilibili live danmaku server on loopback speaking the real packet format: clients must send the auth packet
 * (op 7) within 5 s or are closed; auth is answered with op 8 `{"code":0}`; each heartbeat (op 2) with op 3 and a 4-byte
 * popularity; comments go out as op 5 in zlib or brotli bodies with nested packets. `POST /msg/send` takes public
 * danmaku like the platform's web send (form body; `code: 0`).
 */
export class FakeBilibiliLive {
  readonly connections: FakeConnection[] = [];
  /** Danmaku posted to /msg/send: the form fields. */
  readonly sent: Record<string, string>[] = [];
  private server?: Server;
  private wss?: WebSocketServer;
  url = '';
  sendUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== '/msg/send') return void res.writeHead(404).end();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.sent.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, message: '0', data: {} }));
      });
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/sub' });
    this.wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `ws://127.0.0.1:${port}/sub`;
    this.sendUrl = `http://127.0.0.1:${port}/msg/send`;
  }

  private accept(socket: WebSocket): void {
    const started = Date.now();
    const conn: FakeConnection = { socket, heartbeats: [], versions: [] };
    this.connections.push(conn);
    const deadline = setTimeout(() => socket.close(4001, 'auth timeout'), 5000);
    socket.on('message', (data: Buffer) => {
      for (const packet of decodePackets(data)) {
        conn.versions.push(packet.version);
        if (packet.op === OP.AUTH) {
          clearTimeout(deadline);
          conn.auth = JSON.parse(packet.body.toString()) as Record<string, unknown>;
          conn.authAfterMs = Date.now() - started;
          socket.send(encodePacket(OP.AUTH_REPLY, '{"code":0}', 1));
        } else if (packet.op === OP.HEARTBEAT) {
          conn.heartbeats.push(Date.now());
          const popularity = Buffer.alloc(4);
          popularity.writeUInt32BE(1234, 0);
          socket.send(encodePacket(OP.HEARTBEAT_REPLY, popularity, 1));
        }
      }
    });
    socket.on('close', () => clearTimeout(deadline));
  }

  /** Push comments to every authenticated client as one compressed op-5 packet. */
  push(messages: readonly unknown[], compression: 'zlib' | 'brotli' = 'brotli'): void {
    const frame = encodeMessages(messages, compression);
    for (const c of this.connections) if (c.auth && c.socket.readyState === c.socket.OPEN) c.socket.send(frame);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
