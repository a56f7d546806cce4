import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, inflateSync } from 'node:zlib';

/** Operations of the Bilibili danmaku protocol. */
export const OP = { HEARTBEAT: 2, HEARTBEAT_REPLY: 3, MESSAGE: 5, AUTH: 7, AUTH_REPLY: 8 } as const;

/** One decoded packet: the 16-byte header's fields and the body. */
export interface Packet {
  length: number;
  headerLength: number;
  version: number;
  op: number;
  seq: number;
  body: Buffer;
}

/**
 * Encode one packet: a 16-byte big-endian header (packet length u32, header length u16 = 16, protocol version u16,
 * operation u32, sequence u32) and the body. Written from the protocol description, independently of the client.
 */
export function encodePacket(op: number, body: Buffer | string, version = 1, seq = 1): Buffer {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(16);
  head.writeUInt32BE(16 + data.length, 0);
  head.writeUInt16BE(16, 4);
  head.writeUInt16BE(version, 6);
  head.writeUInt32BE(op, 8);
  head.writeUInt32BE(seq, 12);
  return Buffer.concat([head, data]);
}

/** Op-5 messages packed as the server does: plain JSON bodies (version 0) nested in one zlib (2) or brotli (3) packet. */
export function encodeMessages(messages: readonly unknown[], compression: 'zlib' | 'brotli'): Buffer {
  const inner = Buffer.concat(messages.map((m) => encodePacket(OP.MESSAGE, JSON.stringify(m), 0, 0)));
  // brotli at a streaming quality (the default, 11, costs tens of ms a frame: the fake would starve its own process)
  const packed =
    compression === 'zlib' ? deflateSync(inner) : brotliCompressSync(inner, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  return encodePacket(OP.MESSAGE, packed, compression === 'zlib' ? 2 : 3, 0);
}

/** Split a frame into packets, unpacking compressed bodies into their nested packets. */
export function decodePackets(frame: Buffer): Packet[] {
  const out: Packet[] = [];
  for (let i = 0; i + 16 <= frame.length;) {
    const length = frame.readUInt32BE(i);
    const headerLength = frame.readUInt16BE(i + 4);
    const version = frame.readUInt16BE(i + 6);
    const op = frame.readUInt32BE(i + 8);
    const seq = frame.readUInt32BE(i + 12);
    const body = frame.subarray(i + headerLength, i + length);
    if (version === 2) out.push(...decodePackets(inflateSync(body)));
    else if (version === 3) out.push(...decodePackets(brotliDecompressSync(body)));
    else out.push({ length, headerLength, version, op, seq, body });
    i += length;
  }
  return out;
}

/** A web room's DANMU_MSG body as the platform sends it (info[1] text, info[2] = [uid, name, …]). */
export function danmuMsg(uid: number, name: string, text: string): unknown {
  return {
    cmd: 'DANMU_MSG',
    info: [
      [0, 1, 25, 16777215, Date.now(), 0, 0, '', 0, 0, 0, '', 0, '{}', '{}'],
      text,
      [uid, name, 0, 0, 0, 10000, 1, ''],
      [],
      [0, 0, 0, '', 0],
      ['', ''],
      0,
      0,
      null,
      { ts: 0, ct: '' },
      0,
      0,
    ],
  };
}
