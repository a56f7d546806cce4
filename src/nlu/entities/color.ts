/**
 * Colours: 黑色, 米白, 藏青色, 卡其 … Single-character colours need 色 (黑色) to avoid 红包/蓝牙/黑五.
 */
import type { Entity } from '../../core/recognizer';
import { entityAt, matchAll } from './types';

/** Colour names of two or more characters: matched with or without 色. */
const LONG_COLORS = [
  '卡其',
  '米白',
  '米黄',
  '米色',
  '藏青',
  '藏蓝',
  '酒红',
  '玫红',
  '枣红',
  '墨绿',
  '军绿',
  '草绿',
  '浅绿',
  '深绿',
  '天蓝',
  '浅蓝',
  '深蓝',
  '宝蓝',
  '湖蓝',
  '雾霾蓝',
  '牛仔蓝',
  '深灰',
  '浅灰',
  '烟灰',
  '银灰',
  '炭灰',
  '粉红',
  '浅粉',
  '樱花粉',
  '奶白',
  '象牙白',
  '乳白',
  '卡其绿',
  '姜黄',
  '土黄',
  '柠檬黄',
  '薄荷绿',
  '香芋紫',
  '浅紫',
  '深紫',
  '玫瑰金',
  '星空黑',
  '曜石黑',
  '雅川青',
  '远峰蓝',
  '午夜黑',
];
/** Colour words that are also other things (咖啡机, 大红包): matched only when followed by 色. */
const NEEDS_SE = ['咖啡', '香槟', '焦糖', '透明', '大红', '奶茶', '巧克力'];
/** Single-character colours: matched only when followed by 色. */
const SHORT_COLORS = ['黑', '白', '红', '蓝', '灰', '粉', '绿', '黄', '紫', '橙', '棕', '褐', '青', '金', '银', '杏', '驼'];

const longAlt = [...LONG_COLORS].sort((a, b) => b.length - a.length).join('|');
const COLOR_RE = new RegExp(`(?:${longAlt})色?|(?:${NEEDS_SE.join('|')})色|[${SHORT_COLORS.join('')}]色`, 'g');

/** The canonical value: the colour name ending in 色 (米白色, 黑色). */
function canonical(written: string): string {
  return written.endsWith('色') ? written : `${written}色`;
}

/**
 * Find colours.
 *
 * @example
 * extractColors('有没有米白的'); // value '米白色'
 */
export function extractColors(text: string): Entity[] {
  return matchAll(text, COLOR_RE).map((m) => entityAt('color', canonical(m[0]), m[0], m.index));
}
