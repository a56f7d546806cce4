import { WechatCrypto, WechatImageMedia } from '../../src/kits/wechat';
import type { ResolvedOptions, WechatAppConfig } from './options';
import { IMAGE_TYPES } from './render-outbound';
import { WechatApiClient } from './wechat-api-client';

/** One configured app with its API client, its uploaded images and (safe mode) crypto. */
export interface AppRuntime {
  config: WechatAppConfig;
  api: WechatApiClient;
  images: WechatImageMedia;
  /** Set when the app has an EncodingAESKey: then it takes safe-mode pushes only. */
  crypto?: WechatCrypto;
}

/**
 * The runtime of every configured app of an adapter instance, by AppID: an API client (shared access_token in
 * Redis), the image uploader (media_id cached per app) and, with an EncodingAESKey, the safe-mode crypto.
 *
 * @example
 * const apps = createAppRuntimes('wechat-official', resolveOptions(options));
 * apps.get('wx1')?.crypto; // defined in safe mode
 */
export function createAppRuntimes(name: string, options: ResolvedOptions): Map<string, AppRuntime> {
  const { redis, keyPrefix, apiBaseUrl } = options;
  const apps = new Map<string, AppRuntime>();
  for (const config of options.apps.values()) {
    const api = new WechatApiClient({ adapter: name, appId: config.appId, secret: config.secret, baseUrl: apiBaseUrl, redis, keyPrefix });
    const crypto = config.encodingAesKey ? new WechatCrypto(config.token, config.encodingAesKey, config.appId) : undefined;
    const images = new WechatImageMedia({
      ...options.images,
      scope: `${name}:${config.appId}`,
      redis,
      prefix: keyPrefix,
      types: IMAGE_TYPES[options.kind],
      upload: (image) => api.uploadImage(image),
    });
    apps.set(config.appId, { config, api, images, crypto });
  }
  return apps;
}
