import { parseRating } from '../../src/flows/runtime/rating-answer';

const score = (text: string) => parseRating(text)?.score;

it('reads tapped buttons, digits, stars and words as a 1–5 rating', () => {
  expect(['5分 非常满意', '5', '５分', '打个5分吧', '五星', '⭐⭐⭐⭐⭐', '非常满意', '好评'].map(score)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  expect(['4分 满意', '满意', '挺满意的', '还不错'].map(score)).toEqual([4, 4, 4, 4]);
  expect(['一般', '还行吧', '我觉得还可以', '3颗星'].map(score)).toEqual([3, 3, 3, 3]);
  expect(['不满意', '不太满意', '2'].map(score)).toEqual([2, 2, 2]);
  expect(['非常不满意', '差评', '1分 非常不满意', '太差了'].map(score)).toEqual([1, 1, 1, 1]);
});

it('gives no rating for other requests, order numbers or scores outside 1–5', () => {
  expect(['我的快递到哪了', '20251115100005', '如果不满意可以退货吗', '0', '10分', '好的', ''].map(score)).toEqual(Array(7).fill(undefined));
});

it('says how much of the message the rating used, so a request after it is still served', () => {
  expect(parseRating('4分，顺便问下快递到哪了')).toEqual({ score: 4, used: 2 });
  expect(parseRating('不满意，快递太慢了')).toEqual({ score: 2, used: 3 });
  expect(parseRating('5分 非常满意')).toEqual({ score: 5, used: 7 });
});
