import { ChannelWindowError, KefuError, maskSecrets } from '../../src/index';

/** What every WeChat API call answers: `errcode` 0 (or absent) on success. */
export interface WechatApiResult {
  errcode?: number;
  errmsg?: string;
  msgid?: number | string;
}

/** Fix hints of the errcodes a shop meets most often. */
const HINTS: Record<number, string> = {
  40003: 'the openid does not belong to this app; send only to shoppers who wrote to this AppID.',
  40004: 'the media type is not accepted; images go up as type=image.',
  40005: 'the file type is not accepted; upload JPEG or PNG images (GIF on Official Accounts) with a matching extension.',
  40007: 'the media_id is unknown or older than 3 days; upload the image again.',
  40009: 'the image is too large for WeChat; compress it (temporary images: at most 10 MB, older docs say 2 MB).',
  40013: 'the AppID is invalid; copy it again from the WeChat console.',
  40037: 'the template_id is wrong; copy it again from 订阅通知/订阅消息 in the console into subscriptionTemplates.',
  40125: 'the AppSecret is wrong; reset it in the console and update the environment.',
  40164: "this server's IP is not on the API IP allowlist; add it in 开发 → 基本配置 → IP白名单.",
  41030: 'the page of the subscription template does not exist in the released Mini Program; fix subscriptionTemplates.page.',
  45009: 'the daily API quota is used up; wait until tomorrow or reduce calls.',
  47003: 'a template data field is wrong or too long; check subscriptionTemplates.textField and data against the template.',
  48001: 'this account has no permission for the API; check the account type (服务号 / 已认证) and its interface permissions.',
};

/** Window errors of customer-service and subscription sends. */
const WINDOW: Record<number, 'window_closed' | 'window_quota' | 'no_consent'> = {
  45015: 'window_closed',
  45047: 'window_quota',
  43101: 'no_consent',
};

/** A refused WeChat API call (code `WECHAT_API_ERROR`) with the platform's errcode. */
export class WechatApiError extends KefuError {
  constructor(
    message: string,
    hint: string,
    /** WeChat's errcode, e.g. 40007 (invalid media_id). */
    readonly platformCode: number,
  ) {
    super('WECHAT_API_ERROR', message, hint);
  }
}

/**
 * The error for a refused API call: ChannelWindowError for 45015/45047/43101, otherwise a WechatApiError
 * (`WECHAT_API_ERROR`) with the errcode and a fix hint (secrets masked, never the access_token).
 *
 * @example
 * if (result.errcode) throw apiError('wechat-official', '/cgi-bin/message/custom/send', result);
 */
export function apiError(adapter: string, path: string, result: WechatApiResult): KefuError {
  const code = result.errcode ?? -1;
  const window = WINDOW[code];
  if (window) return new ChannelWindowError(adapter, window, code);
  const errmsg = maskSecrets(String(result.errmsg ?? '')).slice(0, 160);
  return new WechatApiError(
    `WeChat ${path} (${adapter}) answered errcode ${code}${errmsg ? ` "${errmsg}"` : ''}.`,
    HINTS[code] ?? `look up errcode ${code} in WeChat's global return codes (全局返回码) and fix the app configuration or the message.`,
    code,
  );
}
