import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** A line of an NDJSON body that is not JSON (reported as that item's rejection). */
export class UnreadableLine {
  constructor(readonly reason: string) {}
}

/** Limits of one `POST /events` body. */
export interface EventsBodyLimits {
  /** Most bytes of the body, after gzip decompression. */
  maxBytes: number;
  /** Most events in one request. */
  maxEvents: number;
}

/** The 413 / 400 message that states the limits. */
export function limitsMessage(limits: EventsBodyLimits): string {
  const mib = Math.round((limits.maxBytes / 1024 / 1024) * 10) / 10;
  return `POST /events takes at most ${limits.maxEvents.toLocaleString('en')} events and ${mib} MiB per request (after gzip decompression). Fix: split the batch into smaller requests.`;
}

/**
 * Teach this (encapsulated) fastify scope the bodies of `POST /events`: `content-encoding: gzip` is inflated as it
 * arrives (counted against the body limit after decompression, so a gzip bomb stops at the cap with a 413),
 * `application/x-ndjson` is one event per line (a line that is not JSON becomes an {@link UnreadableLine}).
 * `application/json` stays fastify's own parser.
 */
export function acceptEventBodies(app: FastifyInstance, limits: EventsBodyLimits): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'identity') return payload;
    if (encoding !== 'gzip') {
      throw Object.assign(new Error(`content-encoding ${encoding} is not supported. Fix: send gzip or no encoding.`), { statusCode: 415 });
    }
    return inflate(payload, limits.maxBytes);
  });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: limits.maxBytes }, (_req, body, done) => {
    const items: unknown[] = [];
    for (const line of (body as string).split('\n')) {
      const text = line.trim();
      if (text === '') continue;
      try {
        items.push(JSON.parse(text));
      } catch {
        items.push(new UnreadableLine('(event): this line is not JSON'));
      }
    }
    done(null, items);
  });
}

/** gunzip `payload`, failing with 413 once more than `maxBytes` come out. */
function inflate(payload: Readable, maxBytes: number): Readable {
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) callback(Object.assign(new Error('body too large after decompression'), { statusCode: 413 }));
      else callback(null, chunk);
    },
  });
  // fastify checks Content-Length and its body limit against the bytes received (the cap above bounds the inflated ones)
  const counted = cap as Transform & { receivedEncodedLength: number };
  counted.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (counted.receivedEncodedLength += chunk.length));
  const gunzip = createGunzip();
  gunzip.on('error', (err) => cap.destroy(Object.assign(new Error(`the body is not valid gzip: ${err.message}`), { statusCode: 400 })));
  payload.on('error', (err) => cap.destroy(err));
  return payload.pipe(gunzip).pipe(cap);
}
