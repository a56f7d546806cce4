import { BadInputError } from '../../core/errors';
import type { Catalogue } from './catalogue';
import { EN } from './messages-en';
import { ZH } from './messages-zh';

/** Languages of the flow checker's messages: Simplified Chinese (the default) and English. */
export type Lang = 'zh' | 'en';

/**
 * The language asked for by `--lang`, else `KEFU_LANG`, else Chinese. Accepts `zh`, `zh-CN`, `en`, `en_US.UTF-8` ….
 *
 * @example
 * resolveLang(undefined, { KEFU_LANG: 'en' }); // 'en'
 */
export function resolveLang(option?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  const asked = option ?? env.KEFU_LANG;
  if (asked === undefined || asked.trim() === '') return 'zh';
  const value = asked.trim().toLowerCase();
  if (value.startsWith('zh')) return 'zh';
  if (value.startsWith('en')) return 'en';
  throw new BadInputError(`不支持的语言 '${asked}' / unknown language '${asked}'.`, 'use --lang zh or --lang en (or KEFU_LANG=zh|en).');
}

/**
 * The message catalogue of a language.
 *
 * @example
 * catalogueOf('zh').fixLabel; // '修改方法：'
 */
export function catalogueOf(lang: Lang): Catalogue {
  return lang === 'en' ? EN : ZH;
}
