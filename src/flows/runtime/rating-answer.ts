/**
 * Reading a 1–5 satisfaction rating (`expect: rating`) from what a shopper taps or types: the buttons
 * (`5分 非常满意`), a digit (`4`, `４分`, `打5分`), stars (`五星`, `⭐⭐⭐`) or words (满意, 一般, 还行, 差评 …).
 */

/** Rating words; the longest one found at the start of the answer wins (非常不满意 before 不满意 before 满意). */
const WORDS: [string, number][] = [
  ...words(5, ['非常满意', '很满意', '超级满意', '超满意', '特别满意', '十分满意', '太满意', '非常好', '特别好', '超级好', '太棒', '非常棒', '很棒', '好评', '满分', '完美', '五星好评']),
  ...words(4, ['满意', '挺满意', '比较满意', '还算满意', '挺好', '不错', '还不错', '很好', '蛮好']),
  ...words(3, ['一般', '一般般', '还行', '还可以', '还好', '凑合', '马马虎虎', '中评', '就那样', '普通']),
  ...words(2, ['不满意', '不太满意', '不是很满意', '不怎么满意', '不太好', '不好', '较差', '有点差', '比较差']),
  ...words(1, ['非常不满意', '很不满意', '特别不满意', '太差', '很差', '非常差', '特别差', '差评', '垃圾', '太烂', '很烂', '极差', '差劲']),
];

function words(score: number, list: string[]): [string, number][] {
  return list.map((w) => [w, score]);
}

/** Openers that may come before the rating (我觉得还行, 嗯 满意, 给个五星). */
const OPENER = /^(我觉得|我感觉|感觉|觉得|总体|整体|总的来说|嗯+|额+|呃+|给你们?|给个|打个?|给)?[\s，,、]*/u;
/** A score with 分/星 at the start (`4分`, `４分`, `五星`, `3颗星`); what follows may be a rating word or another request. */
const SCORE = /^(10|[0-9]|[零一二两三四五六七八九十])\s*(分|星|颗星|个星)/u;
/** A bare number is a score only as the whole answer (`4`, `5吧`), never inside an order number. */
const BARE = /^(10|[0-9])[\s!！。.～~吧啦呀哦]*$/u;
const CN: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const STARS = /^[⭐★]+/u;

/**
 * The rating a short answer gives (1–5) and how many characters of the trimmed text it used, or undefined when it
 * gives none (a question about something else, a number out of range). Full-width digits are read as digits; a
 * tapped button (`5分 非常满意`) is used whole.
 *
 * @example
 * parseRating('5分 非常满意'); // { score: 5, used: 7 }
 * parseRating('还行吧'); // { score: 3, used: 2 }
 * parseRating('我的快递到哪了'); // undefined
 */
export function parseRating(text: string): { score: number; used: number } | undefined {
  const t = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const lead = OPENER.exec(t)?.[0].length ?? 0;
  const rest = t.slice(lead);
  const bare = BARE.exec(rest);
  if (bare) return inRange(Number(bare[1]), t.length);
  const stars = STARS.exec(rest)?.[0];
  const score = SCORE.exec(rest);
  if (stars || score) {
    const used = lead + (stars ?? score![0]).length;
    const value = stars ? [...stars].length : /\d/.test(score![1]!) ? Number(score![1]) : CN[score![1]!]!;
    const tail = t.slice(used).replace(/^[\s，,、]*/u, '');
    const word = ratingWord(tail); // 5分 非常满意: the button's words belong to the rating
    return inRange(value, word ? t.length - tail.length + word.length : used);
  }
  const word = ratingWord(rest);
  return word ? { score: WORDS.find(([w]) => w === word)![1], used: lead + word.length } : undefined;
}

/** The longest rating word `text` starts with. */
function ratingWord(text: string): string | undefined {
  return WORDS.map(([w]) => w)
    .filter((w) => text.startsWith(w))
    .sort((a, b) => b.length - a.length)[0];
}

function inRange(score: number, used: number): { score: number; used: number } | undefined {
  return score >= 1 && score <= 5 ? { score, used } : undefined;
}
