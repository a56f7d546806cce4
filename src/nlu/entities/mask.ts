/**
 * Masking of personal data (mobile numbers, postal addresses) before text reaches logs.
 */
import { PHONE_RE } from './phone';

const PROVINCES =
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';
/** A place-name character: CJK, but not the function words around an address (我的地址是…). */
const P = '(?:(?![的是到在我你址寄送改成为往从请帮把给了吗呢吧啊和就要还也都发收货])[\\u4e00-\\u9fa5])';
const A = '[\\dA-Za-z一二三四五六七八九十零〇]';
const PARTS = [
  `(?:(?:${PROVINCES})(?:省|市|自治区|特别行政区)?)`,
  `(?:${P}{1,6}(?:省|自治区))`,
  `(?:${P}{1,6}(?:市|州|盟))`,
  `(?:${P}{1,6}(?:区|县|旗))`,
  `(?:${P}{1,8}(?:镇|乡|街道))`,
  `(?:(?:${P}|${A}){1,12}(?:路|街|大道|大街|巷|弄|胡同))`,
  `(?:${A}{1,6}(?:号院|号))`,
  `(?:(?:${P}|${A}){1,12}(?:小区|花园|公寓|大厦|家园|广场|新村|苑|村|园|城))`,
  `(?:${A}{1,4}(?:号楼|栋|幢|座|楼))`,
  `(?:${A}{1,3}单元)`,
  `(?:${A}{1,6}(?:室|户))`,
];
const PART_RE = new RegExp(`^(?:${PARTS.join('|')})`);
const START_RE = new RegExp(PARTS.join('|'), 'g');
/** Building names, towers and room codes right after an address (望京SOHO T1). */
const TAIL_RE = new RegExp(`^(?:${P}|[A-Za-z0-9#\\- ]){0,16}`);

/** Length of the run of address parts starting at `from`, and how many parts it has. */
function addressRun(text: string, from: number): { end: number; parts: number } {
  let end = from;
  let parts = 0;
  for (;;) {
    const rest = text.slice(end).replace(/^[\s,，-]+/, '');
    const skipped = text.length - end - rest.length;
    const m = PART_RE.exec(rest);
    if (!m) break;
    end += skipped + m[0].length;
    parts++;
  }
  if (parts >= 2) end += (TAIL_RE.exec(text.slice(end))?.[0] ?? '').trimEnd().length;
  return { end, parts };
}

/** Mask a phone number as written: 138****5678. */
function maskPhone(written: string): string {
  const digits = written.replace(/\D/g, '').slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(7)}`;
}

/**
 * Replace mobile numbers with `138****5678` and addresses (at least two parts such as 市+区,
 * 路+号, 小区+栋) with `[地址]`.
 *
 * @example
 * maskPersonalData('电话13812345678，地址杭州市西湖区文三路100号');
 * // '电话138****5678，地址[地址]'
 */
export function maskPersonalData(text: string): string {
  let out = text.replace(new RegExp(PHONE_RE.source, 'g'), maskPhone);
  let result = '';
  let i = 0;
  START_RE.lastIndex = 0;
  for (let m = START_RE.exec(out); m; m = START_RE.exec(out)) {
    if (m.index < i) continue;
    const run = addressRun(out, m.index);
    if (run.parts >= 2) {
      result += out.slice(i, m.index) + '[地址]';
      i = run.end;
      START_RE.lastIndex = run.end;
    } else {
      START_RE.lastIndex = m.index + 1;
    }
  }
  out = result + out.slice(i);
  return out;
}
