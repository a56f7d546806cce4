import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildServer } from '../../../src/server/build-server';
import { configSchema } from '../../../src/config/schema';
import { createLogger, type InboundMessage } from '../../../src/index';
import { WebChatAdapter, type WebChatOptions, type ServerFrame } from '../../../adapters/web';
import { scriptedBot } from './scripted-bot';

/** A running server with a web chat adapter and the scripted bot. */
export interface ChatHarness {
  app: FastifyInstance;
  adapter: WebChatAdapter;
  port: number;
  /** Everything the bot received, in order. */
  received: InboundMessage[];
  wsUrl: string;
  close(): Promise<void>;
}

/** Start buildServer + WebChatAdapter on 127.0.0.1, port 0. */
export async function startChat(options: Partial<WebChatOptions> = {}): Promise<ChatHarness> {
  const logger = createLogger({ level: 'silent' });
  const adapter = new WebChatAdapter({ rateLimit: { messages: 50, perMs: 10_000 }, maxChars: 2000, logger, ...options });
  const app = await buildServer({
    config: configSchema.parse({ logLevel: 'silent' }),
    logger,
    adapters: [adapter],
    readiness: async () => ({ ok: true }),
  });
  const received: InboundMessage[] = [];
  await adapter.start(scriptedBot(adapter, received));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    adapter,
    port,
    received,
    wsUrl: `ws://127.0.0.1:${port}${adapter.path}`,
    close: async () => {
      await adapter.stop();
      await app.close();
    },
  };
}

/** A `ws` client that records frames and waits for them. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  private waiters: (() => void)[] = [];
  closed?: { code: number; reason: string };

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.notify();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  static async open(url: string, headers?: Record<string, string>): Promise<TestClient> {
    const socket = new WebSocket(url, { headers });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Open and say hello; resolves with the welcome frame. */
  static async hello(
    url: string,
    ids: { userId?: string; conversationId?: string } = {},
  ): Promise<{ client: TestClient; welcome: Extract<ServerFrame, { type: 'welcome' }> }> {
    const client = await TestClient.open(url);
    client.json({ type: 'hello', ...ids });
    const welcome = (await client.next((f) => f.type === 'welcome')) as Extract<ServerFrame, { type: 'welcome' }>;
    return { client, welcome };
  }

  json(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  raw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Wait until `count` frames matching `pred` have arrived (counting from frame `from`); returns the last. */
  async next(pred: (f: ServerFrame) => boolean, count = 1, from = 0, timeoutMs = 5000): Promise<ServerFrame> {
    const found = () => this.frames.slice(from).filter(pred);
    const deadline = Date.now() + timeoutMs;
    while (found().length < count) {
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting; frames: ${JSON.stringify(this.frames)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
    return found()[count - 1]!;
  }

  /** Send a text message and wait for the next reply frame. */
  async ask(text: string, id = `m-${Math.random().toString(36).slice(2)}`): Promise<ServerFrame> {
    const from = this.frames.length;
    this.json({ type: 'message', id, text });
    return this.next((f) => f.type === 'reply' || f.type === 'error', 1, from);
  }

  close(): void {
    this.socket.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
