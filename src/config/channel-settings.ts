import { ConfigError } from '../core/errors';
import type { KefuConfig, WechatAppConfig } from './schema';

/** The WeChat doors and their apps, checked for completeness. */
export interface ChannelSettings {
  /** Official Accounts (公众号), one webhook per app id. */
  official: WechatAppConfig[];
  /** Mini Programs (小程序). */
  mini: WechatAppConfig[];
  /** 微信客服 through WeCom, when configured. */
  wecomKf?: { corpId: string; secret: string; token: string; encodingAesKey: string; welcome: string | false; servicerUserId?: string };
  /** wechaty, when a puppet is configured. */
  wechaty?: { puppet: string; token?: string; roomKeywords: string[]; paceMs: number };
}

type Door = 'OFFICIAL' | 'MINI';

/** The single-app variables of one door as an app, or the names of the missing ones. */
function singleApp(config: KefuConfig, door: Door, problems: string[]): WechatAppConfig[] {
  const v =
    door === 'OFFICIAL'
      ? {
          appId: config.wechatOfficialAppId,
          token: config.wechatOfficialToken,
          aes: config.wechatOfficialAesKey,
          secret: config.wechatOfficialSecret,
        }
      : { appId: config.wechatMiniAppId, token: config.wechatMiniToken, aes: config.wechatMiniAesKey, secret: config.wechatMiniSecret };
  const set = [v.appId, v.token, v.aes, v.secret].some((x) => x !== undefined);
  if (!set) return [];
  const missing = [
    ...(v.appId ? [] : [`KEFU_WECHAT_${door}_APP_ID`]),
    ...(v.token ? [] : [`KEFU_WECHAT_${door}_TOKEN`]),
    ...(v.secret ? [] : [`KEFU_WECHAT_${door}_SECRET`]),
  ];
  if (missing.length > 0) {
    problems.push(
      `${missing.join(', ')}: missing; the ${door === 'OFFICIAL' ? 'Official Account' : 'Mini Program'} door needs app id, token and secret`,
    );
    return [];
  }
  return [
    {
      appId: v.appId!,
      token: v.token!,
      secret: v.secret!,
      ...(v.aes ? { encodingAesKey: v.aes } : {}),
      ...(door === 'MINI' ? { format: config.wechatMiniFormat } : {}),
      ...(config.wechatSubscriptionTemplates ? { subscriptionTemplates: config.wechatSubscriptionTemplates } : {}),
    },
  ];
}

function wecomKf(config: KefuConfig, problems: string[]): ChannelSettings['wecomKf'] {
  const { wecomCorpId: corpId, wecomKfSecret: secret, wecomKfToken: token, wecomKfAesKey: encodingAesKey } = config;
  if (![corpId, secret, token, encodingAesKey].some((x) => x !== undefined)) return undefined;
  if (!corpId || !secret || !token || !encodingAesKey) {
    problems.push('KEFU_WECOM_CORP_ID, KEFU_WECOM_KF_SECRET, KEFU_WECOM_KF_TOKEN, KEFU_WECOM_KF_AES_KEY: the 微信客服 door needs all four');
    return undefined;
  }
  const welcome = config.wecomKfWelcome.trim().toLowerCase() === 'off' ? false : config.wecomKfWelcome;
  return { corpId, secret, token, encodingAesKey, welcome, ...(config.wecomKfServicer ? { servicerUserId: config.wecomKfServicer } : {}) };
}

/**
 * Which WeChat doors this deployment opens, from configuration. A door is open when any of its variables
 * is set; then every required one must be, and app ids must be unique per door.
 *
 * @example
 * const doors = channelSettings(loadConfig()); // { official: [{ appId: 'wx…', … }], mini: [], wecomKf: undefined, … }
 */
export function channelSettings(config: KefuConfig): ChannelSettings {
  const problems: string[] = [];
  const official = [...singleApp(config, 'OFFICIAL', problems), ...(config.wechatOfficialApps ?? [])];
  const mini = [
    ...singleApp(config, 'MINI', problems),
    ...(config.wechatMiniApps ?? []).map((a) => ({ format: config.wechatMiniFormat, ...a })),
  ];
  for (const [name, apps] of [
    ['KEFU_WECHAT_OFFICIAL_APPS', official],
    ['KEFU_WECHAT_MINI_APPS', mini],
  ] as const) {
    const ids = apps.map((a) => a.appId);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) problems.push(`${name}: app id ${dup} is configured twice`);
  }
  const kf = wecomKf(config, problems);
  if (config.wechatyPuppetToken && !config.wechatyPuppet)
    problems.push('KEFU_WECHATY_PUPPET: missing; set it (e.g. wechaty-puppet-service) to use KEFU_WECHATY_PUPPET_TOKEN');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    official,
    mini,
    ...(kf ? { wecomKf: kf } : {}),
    ...(config.wechatyPuppet
      ? {
          wechaty: {
            puppet: config.wechatyPuppet,
            ...(config.wechatyPuppetToken ? { token: config.wechatyPuppetToken } : {}),
            roomKeywords: config.wechatyRoomKeywords ?? [],
            paceMs: config.wechatyPaceMs,
          },
        }
      : {}),
  };
}
