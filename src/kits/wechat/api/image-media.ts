import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConfigError } from '../../../index';
import {
  fetchImage,
  ImageFetchError,
  MAX_WECHAT_IMAGE_BYTES,
  safeImageUrl,
  type FetchedImage,
  type ImageFetchReason,
  type ImageType,
} from './fetch-image';
import { allowHostsProblems } from './media-fetch-guard';

/** WeChat deletes temporary media 3 days after the upload. */
export const TEMP_MEDIA_LIFETIME_SEC = 3 * 86_400;

/** Image settings a shop may tune per adapter (every field optional). */
export interface ImageMediaSettings {
  /** Largest image fetched and uploaded. @defaultValue 10 MB (WeChat's limit) */
  maxBytes?: number;
  /** Timeout of fetching one image. @defaultValue 5000 */
  fetchTimeoutMs?: number;
  /** How long a media_id is reused; must stay below WeChat's 3 days. @defaultValue 216000 (2.5 days) */
  cacheTtlSec?: number;
  /** How long an image URL that could not be fetched is not tried again (0: always retry). @defaultValue 300 */
  failureTtlSec?: number;
  /** Internal hosts images may be fetched from (`name` or `name:port`; KEFU_MEDIA_FETCH_ALLOW_HOSTS), see {@link fetchImage}. @defaultValue [] */
  allowHosts?: readonly string[];
}

/** Options of {@link WechatImageMedia}. */
export interface WechatImageMediaOptions extends ImageMediaSettings {
  /** Whose media ids these are (they belong to one app / corp), e.g. `wechat-official:wx123` or `wecom-kf:ww123`. */
  scope: string;
  /** Shares media ids between processes. */
  redis: Redis;
  /** Redis key prefix. @defaultValue 'kefu' */
  prefix?: string;
  /** Accepted image types. @defaultValue ['image/jpeg', 'image/png'] */
  types?: readonly ImageType[];
  /** Uploads one image as temporary media (`/cgi-bin/media/upload?type=image`) and returns its media_id. */
  upload: (image: FetchedImage) => Promise<string>;
}

/** A media_id for an image URL, and whether it came from the cache. */
export interface ImageMediaId {
  mediaId: string;
  cached: boolean;
}

/**
 * Checks image settings: every problem at once in a ConfigError (`where` names the adapter option).
 *
 * @example
 * checkImageSettings({ cacheTtlSec: 4 * 86400 }, 'wecom-kf images'); // throws: must stay below 259200
 */
export function checkImageSettings(settings: ImageMediaSettings | undefined, where: string): void {
  const s = settings ?? {};
  const problems: string[] = [];
  const positive = (value: number | undefined, name: string, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0 && value <= max))
      problems.push(`${where}.${name} must be a whole number from 1 to ${max}.`);
  };
  positive(s.maxBytes, 'maxBytes', MAX_WECHAT_IMAGE_BYTES);
  positive(s.fetchTimeoutMs, 'fetchTimeoutMs', 60_000);
  positive(s.cacheTtlSec, 'cacheTtlSec', TEMP_MEDIA_LIFETIME_SEC - 3600);
  if (s.failureTtlSec !== undefined && !(Number.isInteger(s.failureTtlSec) && s.failureTtlSec >= 0 && s.failureTtlSec <= 86_400))
    problems.push(`${where}.failureTtlSec must be a whole number from 0 to 86400.`);
  for (const problem of allowHostsProblems(s.allowHosts ?? [])) problems.push(`${where}.allowHosts: ${problem}.`);
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Image URL → WeChat temporary media_id, uploaded once per scope: media ids are kept in Redis under
 * `<prefix>:wechat-media:<scope>:<sha256(url)>` for 2.5 days (WeChat keeps the media 3 days), so a product photo
 * sent to many shoppers is fetched and uploaded once; concurrent sends of one URL in a process share one upload.
 * A URL that could not be fetched is remembered for `failureTtlSec` so a dead image host does not slow every reply.
 *
 * @example
 * const media = new WechatImageMedia({ scope: 'wechat-official:wx1', redis, upload: (image) => api.uploadImage(image) });
 * const { mediaId } = await media.mediaIdFor('https://cdn.example.com/p1.jpg'); // throws ImageFetchError or the upload's error
 */
export class WechatImageMedia {
  private readonly inflight = new Map<string, Promise<ImageMediaId>>();
  private readonly prefix: string;

  constructor(private readonly options: WechatImageMediaOptions) {
    checkImageSettings(options, `images of ${options.scope}`);
    this.prefix = `${options.prefix ?? 'kefu'}:wechat-media:${options.scope}`;
  }

  /** The media_id of the image at `url`: cached, or fetched within the limits and uploaded. */
  async mediaIdFor(url: string): Promise<ImageMediaId> {
    const key = this.keyOf(url);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.resolve(url, key).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /**
   * Sends with the media_id of `url`: `send(mediaId)`. When WeChat refuses a cached media_id as invalid
   * (`isInvalidMedia(err)`, e.g. errcode 40007: deleted before its 3 days), it is forgotten, uploaded again and the
   * send retried once. When the image cannot be fetched or uploaded (or a fresh media_id is refused too),
   * `fallback(err)` is sent instead: the caller logs why and sends the alt text. Other errors of `send` (closed
   * windows …) propagate.
   *
   * @example
   * await media.sendWith(url, (id) => api.post(SEND, { msgtype: 'image', image: { media_id: id } }), () => sendText(alt), is40007);
   */
  async sendWith<T>(
    url: string,
    send: (mediaId: string) => Promise<T>,
    fallback: (err: unknown) => Promise<T>,
    isInvalidMedia: (err: unknown) => boolean,
  ): Promise<T> {
    const resolveOrFallBack = async (): Promise<ImageMediaId | { failed: unknown }> => {
      try {
        return await this.mediaIdFor(url);
      } catch (err) {
        return { failed: err };
      }
    };
    for (let attempt = 1; ; attempt++) {
      const resolved = await resolveOrFallBack();
      if ('failed' in resolved) return fallback(resolved.failed);
      try {
        return await send(resolved.mediaId);
      } catch (err) {
        if (!isInvalidMedia(err)) throw err;
        await this.forget(url);
        if (!resolved.cached || attempt > 1) return fallback(err);
      }
    }
  }

  /** Drops the cached media_id of `url` (WeChat said it is invalid: 40007), so the next send uploads again. */
  async forget(url: string): Promise<void> {
    await this.options.redis.del(this.keyOf(url));
  }

  private keyOf(url: string): string {
    return `${this.prefix}:${createHash('sha256').update(url).digest('base64url')}`;
  }

  private async resolve(url: string, key: string): Promise<ImageMediaId> {
    const [cached, failed] = await this.options.redis.mget(key, `${key}:failed`);
    if (cached) return { mediaId: cached, cached: true };
    if (failed) {
      const [reason, ...detail] = failed.split('\n');
      throw new ImageFetchError(reason as ImageFetchReason, safeImageUrl(url), `${detail.join(' ')} (a recent failure, tried again later)`);
    }
    let image: FetchedImage;
    try {
      const { maxBytes, fetchTimeoutMs: timeoutMs, types, allowHosts } = this.options;
      image = await fetchImage(url, { maxBytes, timeoutMs, types, allowHosts });
    } catch (err) {
      const ttl = this.options.failureTtlSec ?? 300;
      if (err instanceof ImageFetchError && ttl > 0) {
        await this.options.redis.set(`${key}:failed`, `${err.reason}\n${err.detail}`, 'EX', ttl);
      }
      throw err;
    }
    const mediaId = await this.options.upload(image);
    await this.options.redis.set(key, mediaId, 'EX', this.options.cacheTtlSec ?? 216_000);
    return { mediaId, cached: false };
  }
}

/**
 * The multipart body of a WeChat media upload: the image in the form-data field `media`, with its file name
 * (WeChat checks the extension) and Content-Type.
 *
 * @example
 * await fetch(`${base}/cgi-bin/media/upload?access_token=${token}&type=image`, { method: 'POST', body: imageUploadForm(image) });
 */
export function imageUploadForm(image: FetchedImage): FormData {
  const form = new FormData();
  form.append('media', new Blob([image.data], { type: image.type }), image.filename);
  return form;
}
