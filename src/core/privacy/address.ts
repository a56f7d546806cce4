/**
 * Chinese postal addresses: a run of at least two address parts (省, 市, 区/县, 镇/街道, 路/街, 号, 小区,
 * 栋, 单元, 室…), plus the building name or room code right after it (望京SOHO T1).
 */
import type { PiiSpan } from './pii-span';

/** What replaces an address. */
export const ADDRESS_MASK = '[地址]';

const PROVINCES =
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';
/** `\u4e00-\u9fa5` (the CJK ideographs) minus the given characters, as ranges for a character class. */
function cjkRangesWithout(excluded: string): string {
  const cut = [...new Set(excluded)].map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  const hex = (n: number): string => `\\u${n.toString(16).padStart(4, '0')}`;
  let out = '';
  let from = 0x4e00;
  for (const c of [...cut, 0x9fa6]) {
    if (c > from) out += c - 1 > from ? `${hex(from)}-${hex(c - 1)}` : hex(from);
    from = c + 1;
  }
  return out;
}

/** Function words around an address (我的地址是…), which are never part of a place name. */
const NOT_PLACE = '的是到在我你址寄送改成为往从请帮把给了吗呢吧啊和就要还也都发收货';
const PLACE = cjkRangesWithout(NOT_PLACE);
/** A place-name character: CJK but not one of {@link NOT_PLACE} (one character class, no look-ahead per character). */
const P = `[${PLACE}]`;
/** A number or code character: digits, Latin letters, Chinese numerals. */
const A = '[\\dA-Za-z一二三四五六七八九十零〇]';
/** Either of the two. */
const PA = `[${PLACE}\\dA-Za-z〇]`;

const PARTS = [
  `(?:(?:${PROVINCES})(?:省|市|自治区|特别行政区)?)`,
  `(?:${P}{1,6}(?:省|自治区))`,
  `(?:${P}{1,6}(?:市|州|盟))`,
  `(?:${P}{1,6}(?:区|县|旗))`,
  `(?:${P}{1,8}(?:镇|乡|街道))`,
  `(?:${PA}{1,12}(?:路|街|大道|大街|巷|弄|胡同))`,
  `(?:${A}{1,6}(?:号院|号))`,
  `(?:${PA}{1,12}(?:小区|花园|公寓|大厦|家园|广场|新村|苑|村|园|城))`,
  `(?:${A}{1,4}(?:号楼|栋|幢|座|楼))`,
  `(?:${A}{1,3}单元)`,
  `(?:${A}{1,6}(?:室|户))`,
];
const PART_RE = new RegExp(`^(?:${PARTS.join('|')})`);
const START_RE = new RegExp(PARTS.join('|'), 'g');
/** Building names, towers and room codes right after an address (望京SOHO T1). */
const TAIL_RE = new RegExp(`^[${PLACE}A-Za-z0-9#\\- ]{0,16}`);
const GAP_RE = /^[\s,，-]+/;

/** End of the run of address parts starting at `from` (not past `limit`), and how many parts it has. */
function addressRun(text: string, from: number, limit: number): { end: number; parts: number } {
  let end = from;
  let parts = 0;
  for (;;) {
    const rest = text.slice(end, limit);
    const gap = GAP_RE.exec(rest)?.[0].length ?? 0;
    const m = PART_RE.exec(rest.slice(gap));
    if (!m) break;
    end += gap + m[0].length;
    parts++;
  }
  if (parts >= 2) end += (TAIL_RE.exec(text.slice(end, limit))?.[0] ?? '').trimEnd().length;
  return { end, parts };
}

/**
 * Characters that end an address part (the suffixes above). A run of two or more parts always has one
 * within {@link REACH} characters of its start, so the scan jumps from anchor to anchor instead of trying
 * every position (most messages have none at all).
 */
const ANCHOR_RE = /[省市区州盟县旗镇乡道路街巷弄同院号园寓厦场村苑城楼栋幢座元室户]/g;
const REACH = 24;

/**
 * Addresses in normalised text. `taken` are spans already masked (phones, e-mails…), sorted: an address
 * neither starts inside one nor runs into one, so a phone number right after an address keeps its own mask.
 */
export function findAddresses(text: string, taken: readonly PiiSpan[] = []): PiiSpan[] {
  const spans: PiiSpan[] = [];
  let next = 0; // index into `taken` of the first span that ends after the scan position
  for (let pos = 0; pos < text.length;) {
    ANCHOR_RE.lastIndex = pos;
    const anchor = ANCHOR_RE.exec(text);
    if (!anchor) break;
    START_RE.lastIndex = Math.max(pos, anchor.index - REACH);
    const m = START_RE.exec(text);
    if (!m) break;
    while (next < taken.length && taken[next]!.end <= m.index) next++;
    const blocker = taken[next];
    if (blocker && blocker.start <= m.index) {
      pos = blocker.end;
      continue;
    }
    const run = addressRun(text, m.index, blocker ? blocker.start : text.length);
    if (run.parts >= 2) {
      spans.push({ start: m.index, end: run.end, mask: ADDRESS_MASK, rank: 5 });
      pos = run.end;
    } else {
      pos = m.index + 1;
    }
  }
  return spans;
}
