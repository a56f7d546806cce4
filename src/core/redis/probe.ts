import { Socket } from 'node:net';

/**
 * Whether a Redis server answers PING at host:port within `timeoutMs` (a raw RESP
 * exchange, no client retries). A server that demands a password counts as answering.
 */
export function pingOnce(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    let received = '';
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('\r\n')) done(received.startsWith('+PONG') || received.startsWith('-NOAUTH'));
    });
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}
