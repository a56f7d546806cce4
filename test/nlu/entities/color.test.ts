import { valuesOf } from './helpers';

describe('color', () => {
  test.each([
    ['要黑色的', ['黑色']],
    ['要米白色的', ['米白色']],
    ['有没有藏青', ['藏青色']],
    ['卡其和白色哪个好看', ['卡其色', '白色']],
    ['酒红色显白吗', ['酒红色']],
    ['雾霾蓝还有吗', ['雾霾蓝色']],
    ['咖啡色的有吗', ['咖啡色']],
    ['粉色 M码', ['粉色']],
  ])('%s → %j', (text, values) => {
    expect(valuesOf('color', text)).toEqual(values);
  });

  test.each([['红包什么时候发'], ['蓝牙耳机'], ['黑五有活动吗'], ['白天能送吗'], ['咖啡机怎么用'], ['颜色有几种']])(
    'no color in %s',
    (text) => {
      expect(valuesOf('color', text)).toEqual([]);
    },
  );
});
