import { extractDates } from '../../../src/nlu/entities/date';
import { valuesOf } from './helpers';

// NOW is Tuesday 2026-11-24 (China time).
describe('date', () => {
  test.each([
    ['今天能发吗', '2026-11-24'],
    ['明天能到吗', '2026-11-25'],
    ['后天', '2026-11-26'],
    ['大后天呢', '2026-11-27'],
    ['昨天下的单', '2026-11-23'],
    ['周五能到吗', '2026-11-27'],
    ['星期二发货吗', '2026-11-24'],
    ['周一', '2026-11-30'],
    ['星期天', '2026-11-29'],
    ['下周一', '2026-11-30'],
    ['下周五', '2026-12-04'],
    ['这周六', '2026-11-28'],
    ['12月1日之前能到吗', '2026-12-01'],
    ['6月18日买的', '2026-06-18'],
    ['十二月五号', '2026-12-05'],
    ['2026-12-01', '2026-12-01'],
    ['618有活动吗', '2027-06-18'],
    ['6.18的价格', '2027-06-18'],
    ['双11', '2027-11-11'],
    ['双十二有优惠吗', '2026-12-12'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('date', text)).toEqual([value]);
  });

  test.each([['618元'], ['¥6.18'], ['3.5寸'], ['iPhone 15 128G'], ['订单号6180000000001'], ['6.18元'], ['1.7m'], ['1.75m']])(
    'no date in %s',
    (text) => {
      expect(valuesOf('date', text)).toEqual([]);
    },
  );

  test('uses the shop time zone: 23:30 UTC is already tomorrow in China', () => {
    const now = new Date('2026-11-24T23:30:00Z');
    expect(extractDates('今天', { now }).map((e) => e.value)).toEqual(['2026-11-25']);
    expect(extractDates('今天', { now, timeZone: 'UTC' }).map((e) => e.value)).toEqual(['2026-11-24']);
  });
});
