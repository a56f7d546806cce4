import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../src/index';
import { parseLiveFlow, type LiveFlow } from './live-flow';
import type { LivePlatform, LiveProduct } from './live-types';

const productSchema = z
  .object({ id: z.string().min(1), link: z.number().int().min(1), title: z.string().min(1), aliases: z.array(z.string()).default([]) })
  .strict();

const roomSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _'),
    title: z.string().min(1),
    platform: z.enum(['bilibili', 'douyin', 'socket']),
    /** The platform's room id (Bilibili room number, Douyin room id); the socket source ignores it. */
    room_id: z.union([z.string(), z.number()]).transform(String).optional(),
    /** The live flow file, relative to the rooms file. */
    flow: z.string().min(1),
    products: z.array(productSchema).default([]),
    /** Bilibili: WebSocket address, the open platform's auth body (env var), heartbeat. */
    bilibili: z
      .object({
        address: z.string().url().optional(),
        auth_body_env: z.string().optional(),
        protover: z.union([z.literal(2), z.literal(3)]).default(3),
      })
      .strict()
      .optional(),
    /** Douyin-style pushes: the HMAC secret's env var and the webhook path. */
    douyin: z
      .object({ secret_env: z.string().min(1), path: z.string().startsWith('/').optional() })
      .strict()
      .optional(),
    /** Generic socket: the WebSocket URL kefu connects to (comments in, public replies out). */
    socket: z.object({ url: z.string().url() }).strict().optional(),
    /** Public replies over HTTP (Bilibili's danmaku send): URL and the env vars of the login cookie and csrf. */
    send: z
      .object({
        url: z.string().url(),
        cookie_env: z.string().optional(),
        csrf_env: z.string().optional(),
        max_chars: z.number().int().min(10).default(40),
      })
      .strict()
      .optional(),
  })
  .strict();

/** One configured live room with its flow loaded and secrets read from the environment. */
export interface LiveRoomConfig {
  id: string;
  title: string;
  platform: LivePlatform;
  platformRoomId?: string;
  products: LiveProduct[];
  flow: LiveFlow;
  bilibili?: { address?: string; authBody?: Record<string, unknown>; protover: 2 | 3 };
  douyin?: { secret: string; path: string };
  socket?: { url: string };
  send?: { url: string; cookie?: string; csrf?: string; maxChars: number };
}

/**
 * Parse a rooms file (KEFU_LIVE_ROOMS): each room's platform, products with link numbers and live flow file. Secrets
 * come from the environment variables the file names, never from the file. ConfigError lists every problem.
 *
 * @example
 * const rooms = loadRoomsFile('flows/live/rooms.yaml');
 */
export function loadRoomsFile(file: string, env: NodeJS.ProcessEnv = process.env): LiveRoomConfig[] {
  const raw = readYaml(file);
  if (!raw || typeof raw !== 'object' || !('rooms' in raw))
    throw new ConfigError([
      `${file}: no rooms: list. Fix: list the live rooms under rooms: (see flows/live/rooms.example.yaml), or unset KEFU_LIVE_ROOMS.`,
    ]);
  const parsed = z
    .object({ rooms: z.array(roomSchema).min(1) })
    .strict()
    .safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}. Fix: see adapters/live/README.md.`),
    );
  const problems: string[] = [];
  const secret = (name: string | undefined, what: string): string | undefined => {
    if (!name) return undefined;
    const value = env[name];
    if (!value) problems.push(`${file}: ${what}: environment variable ${name} is empty. Fix: set it, or remove ${what}.`);
    return value;
  };
  const seen = new Set<string>();
  const rooms = parsed.data.rooms.map((r): LiveRoomConfig => {
    if (seen.has(r.id)) problems.push(`${file}: room ${r.id} appears twice. Fix: give each room its own id.`);
    seen.add(r.id);
    const links = new Set<number>();
    for (const p of r.products) {
      if (links.has(p.link)) problems.push(`${file}: room ${r.id}: ${p.link}号链接 is used twice. Fix: one product per link number.`);
      links.add(p.link);
    }
    if (r.platform === 'douyin' && !r.douyin)
      problems.push(`${file}: room ${r.id}: douyin.secret_env is required. Fix: name the push secret's env var.`);
    if (r.platform === 'socket' && !r.socket)
      problems.push(
        `${file}: room ${r.id}: socket.url is required for a socket room. Fix: set socket: { url: ws://… } (the shop's live server).`,
      );
    if (r.platform === 'bilibili' && !r.room_id)
      problems.push(
        `${file}: room ${r.id}: room_id (the Bilibili room number) is required. Fix: set room_id: to the number in the room's address (live.bilibili.com/<number>).`,
      );
    const authBody = secret(r.bilibili?.auth_body_env, `room ${r.id} bilibili.auth_body_env`);
    let body: Record<string, unknown> | undefined;
    try {
      body = authBody ? (JSON.parse(authBody) as Record<string, unknown>) : undefined;
    } catch {
      problems.push(
        `${file}: room ${r.id}: ${r.bilibili?.auth_body_env} is not JSON. Fix: paste the open platform's websocket_info.auth_body as it is.`,
      );
    }
    const flowFile = path.resolve(path.dirname(file), r.flow);
    let flow: LiveFlow | undefined;
    try {
      flow = parseLiveFlow(readFileSync(flowFile, 'utf8'), flowFile);
    } catch (err) {
      problems.push(
        err instanceof ConfigError
          ? err.problems.join('; ')
          : `${file}: room ${r.id}: cannot read ${flowFile}. Fix: set flow: to a live flow file, relative to the rooms file (e.g. answers.yaml).`,
      );
    }
    const douyinSecret = r.douyin ? secret(r.douyin.secret_env, `room ${r.id} douyin.secret_env`) : undefined;
    return {
      id: r.id,
      title: r.title,
      platform: r.platform,
      platformRoomId: r.room_id,
      products: r.products,
      flow: flow!,
      bilibili:
        r.platform === 'bilibili' ? { address: r.bilibili?.address, authBody: body, protover: r.bilibili?.protover ?? 3 } : undefined,
      douyin: r.douyin ? { secret: douyinSecret ?? '', path: r.douyin.path ?? `/live/douyin/${r.id}` } : undefined,
      socket: r.socket,
      send: r.send
        ? {
            url: r.send.url,
            cookie: secret(r.send.cookie_env, `room ${r.id} send.cookie_env`),
            csrf: secret(r.send.csrf_env, `room ${r.id} send.csrf_env`),
            maxChars: r.send.max_chars,
          }
        : undefined,
    };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return rooms;
}

/** The rooms file's YAML; a file that cannot be read or parsed is a ConfigError naming it. */
function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([
      `${file}: cannot read the live rooms file. Fix: set KEFU_LIVE_ROOMS to an existing file (see flows/live/rooms.example.yaml).`,
    ]);
  }
  try {
    return parse(text) as unknown;
  } catch (err) {
    throw new ConfigError([`${file}: not valid YAML (${(err as Error).message.split('\n')[0]}). Fix: correct the YAML at that line.`]);
  }
}
