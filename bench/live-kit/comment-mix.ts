import { danmuMsg } from '../../test/helpers/fake-bilibili-live/packet';

/** One comment of the mix: the viewer's uid and name, and what they wrote. */
export interface MixComment {
  uid: number;
  name: string;
  text: string;
}

/** The bench room's cart: 8 links, each with the names viewers use for it. */
export const MIX_PRODUCTS = [
  { id: 'P1001', link: 1, title: '加绒卫衣', aliases: ['卫衣', '连帽卫衣'] },
  { id: 'P1002', link: 2, title: '直筒牛仔裤', aliases: ['牛仔裤', '裤子'] },
  { id: 'P1003', link: 3, title: '轻薄羽绒服', aliases: ['羽绒服', '外套'] },
  { id: 'P1004', link: 4, title: '德绒打底衫', aliases: ['打底衫', '打底'] },
  { id: 'P1005', link: 5, title: '针织连衣裙', aliases: ['连衣裙', '裙子'] },
  { id: 'P1006', link: 6, title: '厚底老爹鞋', aliases: ['老爹鞋', '鞋子'] },
  { id: 'P1007', link: 7, title: '羊绒围巾', aliases: ['围巾'] },
  { id: 'P1008', link: 8, title: '保湿面霜', aliases: ['面霜'] },
] as const;

const VIEWERS = 5000;
const NAMES = ['小王', '阿杰', '莉莉', '大海', '糖糖', '小美', '阿强', '豆豆', '木子', '晴天', '可乐', '橙子', 'momo', '一只猫'];
const CN = ['一', '二', '三', '四', '五', '六', '七', '八'];
const SIZES = ['S', 'M', 'L', 'XL', 'XXL', '均码', '大码', '小码'];
const COLORS = ['黑色', '白色', '杏色', '灰色', '藏青', '奶白', '焦糖色', '粉色', '军绿'];
const PLACES = ['新疆', '西藏', '内蒙', '青海', '海南', '甘肃', '广州', '北京', '哈尔滨', '成都', '上海'];

/** Exact texts many viewers send word for word (the realistic repeats a room is full of). */
const HOT = ['666', '扣1', '好看', '包邮吗', '几号链接', '上链接', '还有货吗', '多少钱', '已拍', '111', '冲冲冲', '[doge]'];
/** Questions: slots {p} product (name or link number), {a} a product name, {n} link, {h}/{w} height/weight, {s} size, {c} colour, {l} place, {k} a count. */
const QUESTIONS = [
  '{p}包邮吗',
  '{p}包不包邮',
  '{l}包邮吗',
  '{p}运费多少',
  '{l}运费多少',
  '{h}{w}斤穿什么码',
  '{h}的{w}斤{a}穿什么码',
  '身高{h}体重{w}选哪个码',
  '{h}/{w}穿{s}可以吗',
  '{a}尺码偏大还是偏小',
  '平时穿{s}拍什么码',
  '{w}斤能穿{s}吗',
  '{a}几号链接',
  '{c}{a}是几号',
  '刚才那个{a}是几号链接',
  '上{a}链接',
  '{a}链接在哪',
  '{n}号还有货吗',
  '{p}{c}{s}还有吗',
  '{s}码断了吗',
  '{a}什么时候补货',
  '{c}的还有没有',
  '{p}什么时候发货',
  '{p}几天到{l}',
  '{l}发什么快递',
  '今天拍明天能发吗',
  '到{l}要几天',
  '{p}多少钱',
  '{a}现在什么价',
  '{a}有优惠券吗',
  '{n}号链接有券吗',
  '{a}两件有优惠吗',
  '{a}比昨天便宜吗',
  '{a}面料怎么样',
  '{a}会起球吗',
  '{a}掉色吗',
  '{c}显黑吗',
  '{a}{s}能退吗',
  '{a}七天无理由吗',
  '等了{k}分钟了{a}还上吗',
];
const CHATTER = [
  '{a}好好看',
  '主播穿{s}吗',
  '背景音乐叫什么',
  '刚下班来晚了{a}还有吗',
  '{c}好显白',
  '姐妹们冲',
  '上次买的{a}很好穿',
  '主播身高多少',
  '主播今天的口红是{c}吗',
  '第{k}次来直播间了',
  'yyds',
  '绝绝子',
  '这个{c}绝了',
  '{l}的姐妹在吗',
  '我{h}穿{s}刚好',
];
const GREETINGS = ['主播好', '晚上好', '大家好', '来了来了', '打卡', '主播晚上好呀', '家人们好', '哈喽主播'];
const EMOJI = ['6666666', '[doge][doge]', '哈哈哈哈哈', '👍👍👍', '🔥🔥', '？？？', '888', '[笑哭][笑哭]', '❤️❤️❤️'];
const BUYING = ['拍了', '已拍{n}号', '{n}号链接拍了', '想买{a}', '怎么买', '下单了{s}码', '我要{n}号{c}{s}', '拍了两件', '{a}已拍 求快发'];
const PREFIXES = ['主播', '主播主播', '姐妹们', '宝宝', '家人们', '请问', '@主播 ', '小助理', '求回复 '];
const SUFFIXES = ['呀', '啊', '呢', '～', '~~', '!!', '？', '??', '。', '哈', '急', '在线等'];
const EMOJI_TAILS = ['😍', '🙏', '[doge]', '[笑哭]', '🔥', '❤️', '👀'];
/** What viewers add about themselves or the order (我165, 要黑色的, 给妈妈买, 第3次问了 …). */
const CONTEXT = [
  ' 我{h}',
  ' {w}斤',
  '，要{c}的',
  '，要{s}',
  '，第{k}次问了',
  '，{l}的',
  '，给{x}买',
  '，买{k}件',
  ' 主播回我',
  '，{h}cm {w}斤',
];
const FOR_WHOM = ['妈妈', '老公', '女儿', '男朋友', '闺蜜', '婆婆', '自己', '儿子'];
/** Typos and slang shoppers really write (包油, 连接, 神马, 多钱 …). */
const TYPOS: [RegExp, string][] = [
  [/包邮/, '包油'],
  [/链接/, '连接'],
  [/什么/, '神马'],
  [/什么/, '啥'],
  [/吗$/, '嘛'],
  [/吗$/, '马'],
  [/多少钱/, '多钱'],
  [/发货/, '发或'],
  [/还有/, '还有没'],
];

/** A deterministic pseudo-random source (fixed seed: every run sends the same comments). */
export function seeded(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The comments of a busy sale room, deterministic for a seed: 18 % exact hot texts many viewers send (666, 扣1, 好看,
 * 包邮吗 …), 40 % questions, 14 % chatter, 8 % greetings, 8 % emoji spam, 8 % buying, 4 % a viewer sending their last
 * comment again; templates filled with products (names or link numbers, 三号 …), heights, weights, sizes, colours
 * and places, then decorated with prefixes, particles, emoji and typos, so most texts are distinct as in a real room.
 *
 * @example
 * const next = commentMix(7);
 * next(); // { uid: 1234, name: '小美1234', text: '姐妹们165的110斤卫衣穿什么码呀' }
 */
export function commentMix(seed: number): () => MixComment {
  const rand = seeded(seed);
  const last = new Map<number, string>(); // one per viewer: bounded by VIEWERS
  const int = (from: number, count: number): number => from + Math.floor(rand() * count);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const product = (): string => {
    const p = pick(MIX_PRODUCTS);
    const r = rand();
    return r < 0.35 ? pick(p.aliases) : r < 0.55 ? p.title : r < 0.85 ? `${p.link}号` : `${CN[p.link - 1]!}号`;
  };
  const fill = (template: string): string =>
    template.replace(/\{(\w)\}/g, (_m, slot: string) => {
      switch (slot) {
        case 'p':
          return product();
        case 'a':
          return pick(pick(MIX_PRODUCTS).aliases);
        case 'n':
          return String(int(1, 8));
        case 'h':
          return String(int(150, 35));
        case 'w':
          return String(int(85, 76));
        case 's':
          return pick(SIZES);
        case 'c':
          return pick(COLORS);
        case 'l':
          return pick(PLACES);
        case 'x':
          return pick(FOR_WHOM);
        default:
          return String(int(2, 40));
      }
    });
  const decorate = (text: string): string => {
    let out = text;
    if (rand() < 0.2) {
      const [from, to] = pick(TYPOS);
      out = out.replace(from, to);
    }
    if (rand() < 0.35) out = pick(PREFIXES) + out;
    if (rand() < 0.5) out += fill(pick(CONTEXT));
    if (rand() < 0.5) out += pick(SUFFIXES);
    if (rand() < 0.2) out += pick(EMOJI_TAILS);
    return out;
  };
  return () => {
    const uid = int(1, VIEWERS);
    const r = rand();
    const previous = last.get(uid);
    let text: string;
    if (r < 0.04 && previous !== undefined) text = previous;
    else if (r < 0.22) text = pick(HOT);
    else if (r < 0.62) text = decorate(fill(pick(QUESTIONS)));
    else if (r < 0.76) text = decorate(fill(pick(CHATTER)));
    else if (r < 0.84) text = rand() < 0.5 ? pick(GREETINGS) : decorate(pick(GREETINGS));
    else if (r < 0.92) text = pick(EMOJI);
    else text = decorate(fill(pick(BUYING)));
    last.set(uid, text);
    return { uid, name: `${NAMES[uid % NAMES.length]!}${uid}`, text };
  };
}

/** DANMU_MSG bodies for the next `count` comments of a mix. */
export function danmuBatch(next: () => MixComment, count: number): unknown[] {
  return Array.from({ length: count }, () => {
    const c = next();
    return danmuMsg(c.uid, c.name, c.text);
  });
}
