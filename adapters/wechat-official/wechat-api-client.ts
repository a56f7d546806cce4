import type { Redis } from 'ioredis';
import { DependencyError, KefuError } from '../../src/index';
import {
  AccessTokenCache,
  imageUploadForm,
  TokenHealth,
  withAccessToken,
  type FetchedImage,
  type FetchedToken,
} from '../../src/kits/wechat';
import { apiError, type WechatApiResult } from './api-errors';

/** Temporary media upload (Official Accounts and Mini Programs alike; media lives 3 days). */
export const MEDIA_UPLOAD = '/cgi-bin/media/upload';

/** What {@link WechatApiClient} needs. */
export interface WechatApiClientOptions {
  /** Adapter name, for errors and the token cache key. */
  adapter: string;
  appId: string;
  secret: string;
  baseUrl: string;
  redis: Redis;
  keyPrefix: string;
  /** Per-request timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /** Timeout of a media upload (up to 10 MB). @defaultValue 30000 */
  uploadTimeoutMs?: number;
}

async function readJson(response: Response, what: string): Promise<unknown> {
  if (!response.ok) {
    throw new DependencyError(
      'WeChat API',
      `${what} answered HTTP ${response.status}.`,
      'check apiBaseUrl and the network to api.weixin.qq.com.',
    );
  }
  try {
    return await response.json();
  } catch {
    throw new DependencyError(
      'WeChat API',
      `${what} answered something that is not JSON.`,
      'check apiBaseUrl: it must point at the WeChat API.',
    );
  }
}

/**
 * The WeChat server API of one app: the access_token from `GET /cgi-bin/token` (client_credential), shared in
 * Redis through the core's AccessTokenCache, and JSON POSTs that refresh and retry once on 40001/42001.
 * (`/cgi-bin/token` rather than `stable_token`: one kefu deployment must be the only place fetching tokens
 * for the app, since every fetch starts the 5-minute retirement of the previous token.)
 *
 * @example
 * const api = new WechatApiClient({ adapter: 'wechat-official', appId, secret, baseUrl, redis, keyPrefix: 'kefu' });
 * await api.post('/cgi-bin/message/custom/send', { touser, msgtype: 'text', text: { content: '您好' } });
 */
export class WechatApiClient {
  readonly tokens: AccessTokenCache;
  /** How the app's access_token fares (last fetch, expiry, last errcode) for the console's channel page. */
  readonly health: TokenHealth;

  constructor(private readonly options: WechatApiClientOptions) {
    this.health = new TokenHealth(options.appId);
    this.tokens = new AccessTokenCache({
      health: this.health,
      key: `${options.adapter}:${options.appId}`,
      redis: options.redis,
      prefix: options.keyPrefix,
      fetch: () => this.fetchToken(),
    });
  }

  /** POSTs `body` to `path`; resolves on errcode 0, throws apiError() (ChannelWindowError for window codes) otherwise. */
  async post(path: string, body: unknown): Promise<WechatApiResult> {
    const result = await withAccessToken(this.tokens, (token) => this.postOnce(path, token, body));
    this.health.answered(result.errcode);
    if (result.errcode !== undefined && result.errcode !== 0) throw apiError(this.options.adapter, path, result);
    return result;
  }

  /**
   * Uploads `image` as temporary media (`POST /cgi-bin/media/upload?type=image`, multipart field `media`) and
   * returns its media_id; a stale token is refreshed and the upload retried once, like every call. Throws apiError()
   * when WeChat refuses it (e.g. 40005 file type, 40009 size).
   */
  async uploadImage(image: FetchedImage): Promise<string> {
    const result = await withAccessToken(this.tokens, async (token) => {
      const url = `${this.options.baseUrl}${MEDIA_UPLOAD}?access_token=${encodeURIComponent(token)}&type=image`;
      const init = { method: 'POST', body: imageUploadForm(image) };
      const json = await readJson(await this.request(MEDIA_UPLOAD, url, init, this.options.uploadTimeoutMs ?? 30_000), MEDIA_UPLOAD);
      return (typeof json === 'object' && json !== null ? json : {}) as WechatApiResult & { media_id?: unknown };
    });
    this.health.answered(result.errcode);
    if (result.errcode !== undefined && result.errcode !== 0) throw apiError(this.options.adapter, MEDIA_UPLOAD, result);
    if (typeof result.media_id !== 'string' || result.media_id === '') {
      throw new KefuError(
        'WECHAT_API_ERROR',
        `WeChat ${MEDIA_UPLOAD} (${this.options.adapter}) answered without a media_id.`,
        'check apiBaseUrl: it must point at the WeChat API.',
      );
    }
    return result.media_id;
  }

  private async postOnce(path: string, token: string, body: unknown): Promise<WechatApiResult> {
    const url = `${this.options.baseUrl}${path}?access_token=${encodeURIComponent(token)}`;
    const response = await this.request(path, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    const json = await readJson(response, path);
    return (typeof json === 'object' && json !== null ? json : {}) as WechatApiResult;
  }

  private async fetchToken(): Promise<FetchedToken> {
    const { appId, secret, baseUrl } = this.options;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret });
    const json = (await readJson(await this.request('/cgi-bin/token', `${baseUrl}/cgi-bin/token?${query}`, {}), '/cgi-bin/token')) as {
      access_token?: unknown;
      expires_in?: unknown;
      errcode?: number;
      errmsg?: string;
    };
    if (typeof json.access_token !== 'string' || json.access_token === '') throw apiError(this.options.adapter, '/cgi-bin/token', json);
    return { accessToken: json.access_token, expiresInSec: typeof json.expires_in === 'number' ? json.expires_in : 7200 };
  }

  /** fetch() with a timeout; network errors become a DependencyError that never contains the URL (it holds the token). */
  private async request(path: string, url: string, init: RequestInit, timeoutMs = this.options.timeoutMs ?? 10_000): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      this.health.failed(undefined);
      const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new DependencyError('WeChat API', `${path} could not be reached (${reason}).`, 'check apiBaseUrl and outbound network access.');
    }
  }
}
