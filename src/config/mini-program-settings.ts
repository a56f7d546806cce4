import { ConfigError } from '../core/errors';
import type { KefuConfig } from './schema';

/** The shop's Mini Program product page, from KEFU_MINIPROGRAM_*: where product cards open on WeChat. */
export interface MiniProgramSettings {
  /** The Mini Program's AppID (wx…). */
  appId: string;
  /** Page path template; `{id}` stands for the product id, e.g. `pages/goods/detail?id={id}`. */
  pageTemplate: string;
  /** Original id `gh_…@app`, needed by personal accounts (wechaty). */
  username?: string;
}

/**
 * The Mini Program product page product cards open, or undefined when KEFU_MINIPROGRAM_APPID and
 * KEFU_MINIPROGRAM_PAGE are both unset. Setting one of them (or only the username) is a ConfigError that names
 * what is missing.
 *
 * @example
 * miniProgramSettings(loadConfig({ KEFU_MINIPROGRAM_APPID: 'wx0123456789abcdef', KEFU_MINIPROGRAM_PAGE: 'pages/goods/detail?id={id}' }));
 * // → { appId: 'wx0123456789abcdef', pageTemplate: 'pages/goods/detail?id={id}' }
 */
export function miniProgramSettings(config: KefuConfig): MiniProgramSettings | undefined {
  const { miniProgramAppId: appId, miniProgramPage: pageTemplate, miniProgramUsername: username } = config;
  if (appId && pageTemplate) return { appId, pageTemplate, ...(username ? { username } : {}) };
  if (!appId && !pageTemplate && !username) return undefined;
  const missing = [...(appId ? [] : ['KEFU_MINIPROGRAM_APPID']), ...(pageTemplate ? [] : ['KEFU_MINIPROGRAM_PAGE'])];
  const set = [
    ...(appId ? ['KEFU_MINIPROGRAM_APPID'] : []),
    ...(pageTemplate ? ['KEFU_MINIPROGRAM_PAGE'] : []),
    ...(username ? ['KEFU_MINIPROGRAM_USERNAME'] : []),
  ];
  throw new ConfigError([
    `${missing.join(', ')}: missing; mini-program product cards need both the AppID and the page path ` +
      `(${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set): set ${missing.length > 1 ? 'them' : 'it'}, or unset ${set.join(', ')}`,
  ]);
}
