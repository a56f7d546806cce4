import type { Redis } from 'ioredis';
import { DependencyError } from '../../src/index';
import {
  AccessTokenCache,
  imageUploadForm,
  TokenHealth,
  withAccessToken,
  type FetchedImage,
  type FetchedToken,
} from '../../src/kits/wechat';
import { KF_PATHS } from './constants';
import type { KfResponse, MediaUploadResponse } from './kf-types';

/** What {@link KfApi} needs. */
export interface KfApiOptions {
  corpId: string;
  secret: string;
  apiBaseUrl: string;
  redis: Redis;
  keyPrefix: string;
  now: () => number;
  /** Per-request timeout. @defaultValue 10_000 */
  timeoutMs?: number;
  /** Timeout of a media upload (up to 10 MB). @defaultValue 30_000 */
  uploadTimeoutMs?: number;
}

/**
 * A thin client of the kf API: the access_token comes from the core's shared AccessTokenCache, and every call
 * is retried once with a fresh token on 40001/40014/42001. Answers are returned as is (errcode included); only
 * transport failures throw (DependencyError). URLs carry the token or secret, so they are never logged.
 *
 * @example
 * const api = new KfApi({ corpId, secret, apiBaseUrl, redis, keyPrefix: 'kefu', now: Date.now });
 * const page = await api.post<SyncMsgResponse>(KF_PATHS.syncMsg, { cursor, token, limit: 1000, open_kfid });
 */
export class KfApi {
  readonly tokens: AccessTokenCache;
  /** How the corp's access_token fares (last fetch, expiry, last errcode) for the console's channel page. */
  readonly health: TokenHealth;

  constructor(private readonly options: KfApiOptions) {
    this.health = new TokenHealth(options.corpId, options.now);
    this.tokens = new AccessTokenCache({
      health: this.health,
      key: `wecom-kf:${options.corpId}`,
      redis: options.redis,
      prefix: options.keyPrefix,
      now: options.now,
      fetch: () => this.fetchToken(),
    });
  }

  /** POST a JSON body to `path` with the access_token; retried once on a stale token. */
  async post<T extends KfResponse>(path: string, body: unknown): Promise<T> {
    const answer = await withAccessToken(this.tokens, (token) =>
      this.request<T>(`${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: JSON.stringify(body) }),
    );
    this.health.answered(answer.errcode);
    return answer;
  }

  /**
   * Uploads `image` as temporary media (`media/upload?type=image`, multipart field `media`); the answer is returned
   * as is (media_id on errcode 0). Retried once with a fresh token on 40001/40014/42001, like every call.
   */
  async uploadImage(image: FetchedImage): Promise<MediaUploadResponse> {
    const answer = await withAccessToken(this.tokens, (token) =>
      this.request<MediaUploadResponse>(`${KF_PATHS.mediaUpload}?access_token=${encodeURIComponent(token)}&type=image`, {
        method: 'POST',
        form: imageUploadForm(image),
      }),
    );
    this.health.answered(answer.errcode);
    return answer;
  }

  private async fetchToken(): Promise<FetchedToken> {
    const query = `corpid=${encodeURIComponent(this.options.corpId)}&corpsecret=${encodeURIComponent(this.options.secret)}`;
    const answer = await this.request<KfResponse & { access_token?: string; expires_in?: number }>(`${KF_PATHS.getToken}?${query}`, {
      method: 'GET',
    });
    if (answer.errcode || typeof answer.access_token !== 'string') {
      throw Object.assign(new Error(`gettoken answered errcode ${answer.errcode ?? 'none'} (40001: wrong secret, 40013: wrong corpId)`), {
        errcode: answer.errcode,
      });
    }
    return { accessToken: answer.access_token, expiresInSec: answer.expires_in ?? 7200 };
  }

  private async request<T>(pathAndQuery: string, init: { method: string; body?: string; form?: FormData }): Promise<T> {
    const what = pathAndQuery.split('?')[0]!;
    let response: Response;
    try {
      response = await fetch(`${this.options.apiBaseUrl}${pathAndQuery}`, {
        method: init.method,
        // a FormData body sets its own multipart content-type (with the boundary)
        body: init.form ?? init.body,
        headers: init.body ? { 'content-type': 'application/json' } : undefined,
        signal: AbortSignal.timeout(init.form ? (this.options.uploadTimeoutMs ?? 30_000) : (this.options.timeoutMs ?? 10_000)),
      });
    } catch (err) {
      this.health.failed(undefined);
      throw new DependencyError(
        'wecom-kf API',
        `${what} failed: ${(err as Error).name}`,
        'check apiBaseUrl and the network to qyapi.weixin.qq.com.',
        {
          cause: err,
        },
      );
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DependencyError(
        'wecom-kf API',
        `${what} answered HTTP ${response.status} without JSON`,
        'check apiBaseUrl points at the WeCom API.',
      );
    }
  }
}
