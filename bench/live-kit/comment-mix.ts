import { danmuMsg } from '../../test/helpers/fake-bilibili-live/packet';

const NAMES = ['小王', '阿杰', '莉莉', '大海', '糖糖', '小美', '阿强', '豆豆', '木子', '晴天', '可乐', '橙子'];
const QUESTIONS = [
  '包邮吗',
  '包邮吗？',
  '这个包邮不',
  '运费多少',
  '{n}号链接还有货吗',
  '还有货吗',
  '{n}号还有吗',
  '几号链接',
  '卫衣是几号链接',
  '{h}穿什么码',
  '{h}的{w}斤穿什么码',
  '尺码偏大吗',
  '什么时候发货',
  '几天到',
  '发什么快递',
  '多少钱',
  '有优惠券吗',
  '牛仔裤多少钱',
  '{n}号链接多少钱',
  '这个面料怎么样',
  '会起球吗',
  '能退吗',
];
const CHATTER = ['好看', '主播今天真好看', '背景音乐叫什么', '刚下班', '这个颜色显白', '姐妹们冲', '上次买的很好穿', '主播身高多少'];
const GREETINGS = ['主播好', '晚上好', '大家好', '来了来了', '打卡'];
const EMOJI = ['666666', '[doge][doge]', '哈哈哈哈哈', '👍👍👍', '？？？', '111'];
const BUYING = ['拍了', '已拍', '{n}号链接拍了', '想买', '怎么买', '下单了', '我要{n}号'];

/** A deterministic pseudo-random source (fixed seed: every run sends the same comments). */
export function seeded(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * One comment of a busy sale room: 45 % questions, 20 % chatter, 12 % greetings, 13 % emoji spam, 10 % buying,
 * from 5,000 viewers, with link numbers 1–8, heights and weights filled in.
 */
export function makeComment(rand: () => number): { uid: number; name: string; text: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const r = rand();
  const list = r < 0.45 ? QUESTIONS : r < 0.65 ? CHATTER : r < 0.77 ? GREETINGS : r < 0.9 ? EMOJI : BUYING;
  const text = pick(list)
    .replace('{n}', String(1 + Math.floor(rand() * 8)))
    .replace('{h}', String(150 + Math.floor(rand() * 35)))
    .replace('{w}', String(85 + Math.floor(rand() * 60)));
  const uid = 1 + Math.floor(rand() * 5000);
  return { uid, name: `${pick(NAMES)}${uid}`, text };
}

/** DANMU_MSG bodies for `count` comments. */
export function danmuBatch(rand: () => number, count: number): unknown[] {
  return Array.from({ length: count }, () => {
    const c = makeComment(rand);
    return danmuMsg(c.uid, c.name, c.text);
  });
}
