import { extractEntities } from '../../../src/nlu/entities';
import { RulesRecognizer } from '../../../src/nlu/rules-recognizer';

/** [type, value] of the date and datetime entities of a message read at `now` in `timeZone`. */
function times(text: string, now: string, timeZone?: string): [string, string][] {
  return extractEntities(text, { now: new Date(now), timeZone })
    .filter((e) => e.type === 'date' || e.type === 'datetime')
    .map((e) => [e.type, e.value]);
}

// Relative dates and clock times are the shop's (KEFU_TIMEZONE), with the offset that zone has on that day.
describe('the shop time zone', () => {
  // 15:30 UTC on 24 Nov: 23:30 of the 24th in Shanghai, already 00:30 of the 25th in Tokyo.
  const nearMidnight = '2026-11-24T15:30:00Z';

  test.each([
    ['明天下午三点', undefined, '2026-11-25T15:00+08:00'],
    ['明天下午三点', 'Asia/Shanghai', '2026-11-25T15:00+08:00'],
    ['明天下午三点', 'Asia/Tokyo', '2026-11-26T15:00+09:00'],
    ['今晚8点', 'Asia/Tokyo', '2026-11-25T20:00+09:00'],
    ['十二点前', 'Asia/Tokyo', '2026-11-25T12:00+09:00'],
    ['明天下午三点', 'America/Los_Angeles', '2026-11-25T15:00-08:00'],
  ])('%s read at 15:30 UTC in %s → %s', (text, zone, value) => {
    expect(times(text, nearMidnight, zone)).toEqual([['datetime', value]]);
  });

  test('a day boundary: 今天 and 周五 are already the next day in Tokyo', () => {
    expect(times('今天', nearMidnight, 'Asia/Shanghai')).toEqual([['date', '2026-11-24']]);
    expect(times('今天', nearMidnight, 'Asia/Tokyo')).toEqual([['date', '2026-11-25']]);
    expect(times('昨天', nearMidnight, 'America/Los_Angeles')).toEqual([['date', '2026-11-23']]);
    // It is Tuesday in Shanghai, Wednesday in Tokyo: 周二 is today in one, next week in the other.
    expect(times('周三', nearMidnight, 'Asia/Shanghai')).toEqual([['date', '2026-11-25']]);
    expect(times('周三', nearMidnight, 'Asia/Tokyo')).toEqual([['date', '2026-11-25']]);
    expect(times('周二', nearMidnight, 'Asia/Shanghai')).toEqual([['date', '2026-11-24']]);
    expect(times('周二', nearMidnight, 'Asia/Tokyo')).toEqual([['date', '2026-12-01']]);
  });

  test('the value is the right instant, not just the right text', () => {
    const [[, value]] = times('明天下午三点', nearMidnight, 'Asia/Tokyo');
    expect(Date.parse(value)).toBe(Date.UTC(2026, 10, 26, 6, 0)); // 15:00 in Tokyo is 06:00 UTC
    const [[, la]] = times('明天上午十点半', nearMidnight, 'America/Los_Angeles');
    expect(Date.parse(la)).toBe(Date.UTC(2026, 10, 25, 18, 30)); // 10:30 PST is 18:30 UTC
  });

  test('summer time: the offset is the one of the day named, and 晚上十二点 is the next midnight', () => {
    const saturday = '2027-03-13T20:00:00Z'; // Saturday 12:00 PST; summer time starts on Sunday 14 March at 02:00
    expect(times('今天下午三点', saturday, 'America/Los_Angeles')).toEqual([['datetime', '2027-03-13T15:00-08:00']]);
    expect(times('明天下午三点', saturday, 'America/Los_Angeles')).toEqual([['datetime', '2027-03-14T15:00-07:00']]);
    expect(times('今晚', saturday, 'America/Los_Angeles')).toEqual([['datetime', '2027-03-13T18:00-08:00/2027-03-14T00:00-08:00']]);
    expect(times('晚上十二点', saturday, 'America/Los_Angeles')).toEqual([['datetime', '2027-03-14T00:00-08:00']]);
  });

  describe('with a fake clock', () => {
    afterEach(() => jest.useRealTimers());

    test('the recogniser reads "now" from the clock and dates in its zone', async () => {
      jest.useFakeTimers({ now: new Date(nearMidnight) });
      const dates = async (timeZone?: string): Promise<string[]> =>
        (await new RulesRecognizer({ timeZone }).recognize('明天下午三点能到吗')).entities.map((e) => e.value);
      expect(await dates()).toEqual(['2026-11-25T15:00+08:00']);
      expect(await dates('Asia/Tokyo')).toEqual(['2026-11-26T15:00+09:00']);
      jest.setSystemTime(new Date('2026-11-24T16:30:00Z')); // past midnight in Shanghai too
      expect(await dates()).toEqual(['2026-11-26T15:00+08:00']);
    });
  });
});
