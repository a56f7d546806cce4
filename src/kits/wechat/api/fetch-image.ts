import { fetch, type Dispatcher, type Response } from 'undici';
import { KefuError } from '../../../index';
import { MEDIA_FETCH_ALLOW_HOSTS_ENV, MediaHostBlockedError, mediaFetchDispatcher } from './media-fetch-guard';

/** Image types the WeChat APIs take as `type=image` temporary media. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif';

/** WeChat's largest temporary image (Official Account / WeCom docs: 10 MB). */
export const MAX_WECHAT_IMAGE_BYTES = 10 * 1024 * 1024;

/** Limits of {@link fetchImage}. */
export interface FetchImageOptions {
  /** Largest body accepted; a larger one is refused before or while reading it. @defaultValue 10 MB */
  maxBytes?: number;
  /** Whole fetch (connect, redirects, body). @defaultValue 5000 */
  timeoutMs?: number;
  /** Accepted types (by Content-Type and by the bytes). @defaultValue ['image/jpeg', 'image/png'] */
  types?: readonly ImageType[];
  /**
   * Hosts fetched even though they resolve to internal addresses (`name` or `name:port`; KEFU_MEDIA_FETCH_ALLOW_HOSTS).
   * Any other host that resolves to a loopback, private, link-local, CGNAT, multicast or reserved address is refused
   * (`blocked_host`), on the first request and on every redirect. @defaultValue []
   */
  allowHosts?: readonly string[];
}

/** An image ready for a media upload. */
export interface FetchedImage {
  data: Uint8Array<ArrayBuffer>;
  /** The type the bytes really have (magic number), one of the accepted ones. */
  type: ImageType;
  /** A file name with the right extension (WeChat checks it): `image.jpg`, `image.png` or `image.gif`. */
  filename: string;
}

/** Why an image could not be fetched. */
export type ImageFetchReason = 'bad_url' | 'blocked_host' | 'unreachable' | 'timeout' | 'http_status' | 'bad_type' | 'too_large' | 'empty';

const EXTENSION: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };
/** Content-Type spellings seen in the wild for the same types. */
const ALIASES: Record<string, ImageType> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/x-png': 'image/png',
  'image/gif': 'image/gif',
};

const HINTS: Record<ImageFetchReason, string> = {
  bad_url: 'use an absolute http(s) URL for the image.',
  blocked_host: `use a public image host (a CDN); if the host is internal and trusted, add it to ${MEDIA_FETCH_ALLOW_HOSTS_ENV}.`,
  unreachable: 'check that the image host resolves and is reachable from the kefu server.',
  timeout: 'serve the image faster (a CDN), or raise images.fetchTimeoutMs.',
  http_status: 'check the image URL: it must answer 200 with the image itself.',
  bad_type: 'serve the image as JPEG or PNG (GIF on Official Accounts) with a matching Content-Type.',
  too_large: 'compress or resize the image (WeChat takes at most 10 MB; product photos rarely need 1 MB).',
  empty: 'the image URL answered an empty body; check the file on the image host.',
};

/**
 * An image URL that could not be turned into an upload: says why (`reason`) and how to fix it. The message names
 * the URL without its query string (signed CDN URLs carry credentials there).
 */
export class ImageFetchError extends KefuError {
  constructor(
    readonly reason: ImageFetchReason,
    readonly url: string,
    /** What went wrong, without the fix hint. */
    readonly detail: string,
  ) {
    super('IMAGE_FETCH_FAILED', `Image ${url} could not be used: ${detail}.`, HINTS[reason]);
  }
}

/**
 * `url` without query string, fragment or credentials, cut to 200 characters: safe for logs and errors.
 *
 * @example
 * safeImageUrl('https://cdn.example.com/p1.jpg?sign=abc'); // 'https://cdn.example.com/p1.jpg'
 */
export function safeImageUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return '(not a URL)';
  }
}

/**
 * The image type of `bytes` by magic number (JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, GIF "GIF87a"/"GIF89a").
 *
 * @example
 * sniffImageType(pngBytes); // 'image/png'
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  return undefined;
}

async function readCapped(response: Response, max: number, url: string): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new ImageFetchError('too_large', url, `the body is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return data;
}

/** One guarded dispatcher per allow-list (settings do not change while kefu runs), so connections are reused. */
const dispatchers = new Map<string, Dispatcher>();
function dispatcherFor(allowHosts: readonly string[]): Dispatcher {
  const key = allowHosts.join(',');
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) dispatchers.set(key, (dispatcher = mediaFetchDispatcher(allowHosts)));
  return dispatcher;
}

function failure(err: unknown, url: string): ImageFetchError {
  if (err instanceof ImageFetchError) return err;
  const e = err as Error & { cause?: { code?: string } };
  if (e.cause instanceof MediaHostBlockedError)
    return new ImageFetchError('blocked_host', url, `${e.cause.host} resolves to ${e.cause.detail}, an internal address`);
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new ImageFetchError('timeout', url, 'the image host did not answer in time');
  return new ImageFetchError('unreachable', url, `the request failed (${e.cause?.code ?? e.name})`);
}

/**
 * GETs an image for a WeChat media upload, within limits: http(s) only, never from an internal address unless its host
 * is in `allowHosts` (checked at every connection, redirects included, and connected to the checked address), a timeout over the whole transfer, at most
 * `maxBytes` (refused from Content-Length before reading, or as soon as the body grows past it), a 200 answer
 * whose Content-Type is an accepted image type and whose bytes really are one. Throws {@link ImageFetchError}.
 *
 * @example
 * const image = await fetchImage('https://cdn.example.com/p1.jpg', { maxBytes: 2 * 1024 * 1024 });
 * form.append('media', new Blob([image.data], { type: image.type }), image.filename);
 */
export async function fetchImage(url: string, options: FetchImageOptions = {}): Promise<FetchedImage> {
  const max = options.maxBytes ?? MAX_WECHAT_IMAGE_BYTES;
  const types = options.types ?? ['image/jpeg', 'image/png'];
  const shown = safeImageUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImageFetchError('bad_url', shown, 'it is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ImageFetchError('bad_url', shown, `only http(s) URLs are fetched, not ${parsed.protocol}`);
  try {
    const response = await fetch(parsed, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      headers: { accept: types.join(', ') },
      dispatcher: dispatcherFor(options.allowHosts ?? []),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new ImageFetchError('http_status', shown, `the host answered HTTP ${response.status}`);
    }
    const declared = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const declaredType = ALIASES[declared];
    if (!declaredType || !types.includes(declaredType)) {
      await response.body?.cancel().catch(() => undefined);
      throw new ImageFetchError(
        'bad_type',
        shown,
        `its Content-Type is '${declared.slice(0, 60) || 'missing'}', not one of ${types.join(', ')}`,
      );
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > max) {
      await response.body?.cancel().catch(() => undefined);
      throw new ImageFetchError('too_large', shown, `it has ${length} bytes, more than the ${max} allowed`);
    }
    const data = await readCapped(response, max, shown);
    if (data.byteLength === 0) throw new ImageFetchError('empty', shown, 'the body is empty');
    const type = sniffImageType(data);
    if (!type || !types.includes(type)) throw new ImageFetchError('bad_type', shown, `the bytes are not a ${types.join(' / ')} file`);
    return { data, type, filename: `image.${EXTENSION[type]}` };
  } catch (err) {
    throw failure(err, shown);
  }
}
