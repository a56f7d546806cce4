import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A real PNG (RGB, 8 bit) of `size` × `size` pixels in a colour derived from `seed`, so different seeds give
 * different files: signature, IHDR, a zlib-deflated IDAT of filter-0 scanlines, IEND.
 *
 * @example
 * tinyPng(1); // a 4×4 PNG any image viewer opens
 */
export function tinyPng(seed = 0, size = 4): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
  const pixel = [(seed * 67) % 256, (seed * 131 + 80) % 256, (seed * 29 + 160) % 256];
  const row = Buffer.from([0, ...Array.from({ length: size }, () => pixel).flat()]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** sha256 (hex) of `bytes`, to compare with the fakes' upload records. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** How the image host answers one path. */
export interface HostedFile {
  /** @defaultValue 200 */
  status?: number;
  /** Content-Type header. @defaultValue 'image/png' */
  type?: string;
  body?: Buffer;
  /** Send without Content-Length (chunked), so only reading the body tells its size. @defaultValue false */
  chunked?: boolean;
}

/**
 * The shop's image server (a CDN) on 127.0.0.1:0 for tests: answers each registered path as configured (404 for
 * others) and counts the requests per path.
 *
 * @example
 * const host = await ImageHost.start();
 * const url = host.serve('/p1.png', { body: tinyPng(1) });
 */
export class ImageHost {
  private readonly files = new Map<string, HostedFile>();
  private readonly counts = new Map<string, number>();

  private constructor(private readonly server: Server) {
    server.on('request', (req, res) => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
      const file = this.files.get(path);
      if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      const body = file.body ?? Buffer.alloc(0);
      const headers: Record<string, string | number> = { 'content-type': file.type ?? 'image/png' };
      if (!file.chunked) headers['content-length'] = body.length;
      res.writeHead(file.status ?? 200, headers);
      if (!file.chunked) return void res.end(body);
      // several writes without a length: the client must count while reading
      for (let offset = 0; offset < body.length; offset += 256 * 1024) res.write(body.subarray(offset, offset + 256 * 1024));
      res.end();
    });
  }

  static async start(): Promise<ImageHost> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ImageHost(server);
  }

  /** The absolute URL of `path` on this host. */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Serves `file` at `path`; returns its URL. */
  serve(path: string, file: HostedFile): string {
    this.files.set(path, file);
    return this.url(path);
  }

  /** Requests seen for `path`. */
  hits(path: string): number {
    return this.counts.get(path) ?? 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
