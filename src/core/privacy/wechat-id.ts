/**
 * WeChat ids (微信号) the way shoppers hand them out: 微信号 abc_123, 加我微信：zhangsan88, v信 Lily-2024, VX: abc12345,
 * wx号 wxid_abc123. An id is 6–20 characters, starts with a letter and holds letters, digits, `_` and `-`.
 *
 * Found only right after one of these words (a bare word is far more often a product code or an English word), and
 * only the id is masked: `微信号 ab****89`. The Latin words (vx, wx) need a colon, a space or 号 after them and no
 * letter or digit before them, so an app id (wx5823bf96d3bd56c7) or a field name (wx_token) is not taken for one.
 * A mobile number after 微信 is the mobile detector's (the id must start with a letter).
 */
import { maskAccountId, scan, type PiiSpan } from './pii-span';

const CHINESE_WORD = '微信号码?|微信|[Vv]信';
const LATIN_WORD = String.raw`(?<![A-Za-z0-9_])[VvWw][Xx](?:号码?|(?=[\s:]))`;
/** Between the word and the id: spaces and a colon (full-width ones are ASCII in the normalised view), 是/为. */
const GAP = String.raw`[\s:]{0,4}(?:[是为][\s:]{0,3})?`;
const ID = String.raw`[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])`;
const WECHAT_RE = new RegExp(`(?:${CHINESE_WORD}|${LATIN_WORD})${GAP}(${ID})`, 'g');

/** WeChat ids in normalised text. */
export function findWechatIds(text: string): PiiSpan[] {
  return scan(text, WECHAT_RE, (m) => {
    const id = m[1]!;
    const end = m.index + m[0].length;
    return { start: end - id.length, end, mask: maskAccountId(id), rank: 6 };
  });
}
