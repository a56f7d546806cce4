import { renderFlowError } from '../../../src/flows/messages/flow-problem';
import { loadSettingsFile } from '../../../src/flows/load/load-file';
import { validateMeaning } from '../../../src/flows/validate';
import { serviceContext } from '../../../src/flows/service/service-context';
import {
  addServiceMinutes,
  compileServiceHours,
  isOpenAt,
  nextOpening,
  serviceHoursProblems,
} from '../../../src/flows/service/service-hours';
import { parseWeekDays } from '../../../src/flows/service/week-days';
import { relativeTimeText } from '../../../src/flows/service/zoned-time';
import { DEFAULT_FLOW_SETTINGS } from '../../../src/flows/load/settings-defaults';

const SH = 'Asia/Shanghai';
const at = (local: string): number => Date.parse(`${local}+08:00`); // Shanghai wall clock
const everyDay = compileServiceHours({ days: '周一至周日', open: '09:00', close: '22:00' }, SH);
// 2025-11-21 is a Friday, 11-22 Saturday, 11-24 Monday
const weekdays = compileServiceHours({ days: '周一至周五', open: '09:00', close: '18:00' }, SH);

describe('service hours (Asia/Shanghai)', () => {
  it('is open from opening up to (not including) closing time, in the shop time zone', () => {
    expect(isOpenAt(everyDay, at('2025-11-20T08:59:59'))).toBe(false);
    expect(isOpenAt(everyDay, at('2025-11-20T09:00:00'))).toBe(true);
    expect(isOpenAt(everyDay, at('2025-11-20T21:59:00'))).toBe(true);
    expect(isOpenAt(everyDay, at('2025-11-20T22:00:00'))).toBe(false);
    // 02:00 UTC is 10:00 in Shanghai: open, whatever the machine's own zone
    expect(isOpenAt(everyDay, Date.parse('2025-11-20T02:00:00Z'))).toBe(true);
    expect(isOpenAt(everyDay, Date.parse('2025-11-20T14:30:00Z'))).toBe(false); // 22:30 there
  });

  it('names the next opening across midnight and the month end', () => {
    expect(nextOpening(everyDay, at('2025-11-20T23:30:00'))).toBe(at('2025-11-21T09:00:00'));
    expect(nextOpening(everyDay, at('2025-11-21T00:10:00'))).toBe(at('2025-11-21T09:00:00'));
    expect(nextOpening(everyDay, at('2025-11-30T22:30:00'))).toBe(at('2025-12-01T09:00:00'));
    expect(relativeTimeText(nextOpening(everyDay, at('2025-11-20T23:30:00')), at('2025-11-20T23:30:00'), SH)).toBe('明天 09:00');
    expect(relativeTimeText(nextOpening(everyDay, at('2025-11-21T00:10:00')), at('2025-11-21T00:10:00'), SH)).toBe('今天 09:00');
  });

  it('skips closed days: Friday evening opens again on Monday', () => {
    expect(isOpenAt(weekdays, at('2025-11-22T10:00:00'))).toBe(false); // Saturday
    const friday = at('2025-11-21T18:30:00');
    expect(nextOpening(weekdays, friday)).toBe(at('2025-11-24T09:00:00'));
    expect(relativeTimeText(at('2025-11-24T09:00:00'), friday, SH)).toBe('11月24日（周一）09:00');
    expect(relativeTimeText(at('2025-11-23T09:00:00'), friday, SH)).toBe('后天 09:00');
  });

  it('counts only service time for a reply due time', () => {
    expect(addServiceMinutes(everyDay, at('2025-11-20T10:00:00'), 120)).toBe(at('2025-11-20T12:00:00'));
    expect(addServiceMinutes(everyDay, at('2025-11-20T21:30:00'), 120)).toBe(at('2025-11-21T10:30:00'));
    expect(addServiceMinutes(everyDay, at('2025-11-20T23:30:00'), 120)).toBe(at('2025-11-21T11:00:00'));
    expect(addServiceMinutes(weekdays, at('2025-11-21T17:00:00'), 120)).toBe(at('2025-11-24T10:00:00'));
  });

  it('handles shifts that end after midnight and round-the-clock service', () => {
    const night = compileServiceHours({ days: '周五', open: '20:00', close: '02:00' }, SH);
    expect(night.hoursText).toBe('20:00–02:00');
    expect(isOpenAt(night, at('2025-11-22T01:30:00'))).toBe(true); // Saturday 01:30: Friday's shift
    expect(isOpenAt(night, at('2025-11-22T02:00:00'))).toBe(false);
    const always = compileServiceHours({ days: '每天', open: '00:00', close: '24:00' }, SH);
    expect(always.hoursText).toBe('00:00–24:00');
    expect(isOpenAt(always, at('2025-11-20T23:59:59'))).toBe(true);
    expect(isOpenAt(always, at('2025-11-21T00:00:00'))).toBe(true);
  });

  it('reads the days as staff write them', () => {
    expect([...(parseWeekDays('周一至周日') as Set<number>)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...(parseWeekDays('周一至周五') as Set<number>)].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...(parseWeekDays('周五至周一') as Set<number>)].sort()).toEqual([0, 1, 5, 6]);
    expect([...(parseWeekDays('星期一、星期三，周日') as Set<number>)].sort()).toEqual([0, 1, 3]);
    expect(parseWeekDays('周八')).toBe("'周八' is not a day or a range of days");
  });

  it('uses another time zone when the settings name one (New York, summer time)', () => {
    const ny = compileServiceHours({ days: '每天', open: '09:00', close: '17:00', timezone: 'America/New_York' }, SH);
    expect(isOpenAt(ny, Date.parse('2025-07-01T13:30:00Z'))).toBe(true); // 09:30 EDT
    expect(isOpenAt(ny, Date.parse('2025-12-01T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(nextOpening(ny, Date.parse('2025-11-01T22:00:00Z'))).toBe(Date.parse('2025-11-02T14:00:00Z')); // the day summer time ends
  });
});

describe('service hours settings', () => {
  it('reports bad days, times and zones with the settings.yaml position and a fix', () => {
    expect(serviceHoursProblems({ days: '周一至周日', open: '09:00', close: '22:00' })).toEqual([]);
    const text = "service_hours:\n  days: 周八\n  open: '9点'\n  close: '09:00'\n  timezone: Mars/Base\n";
    const loaded = loadSettingsFile('flows/settings.yaml', text);
    expect(loaded.errors).toEqual([]);
    const errors = validateMeaning({ flows: [], intents: new Map(), settings: loaded.value!, sources: new Map(), settingsSource: loaded.src });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^flows\/settings\.yaml:2:9: service_hours\.days '周八' is not a list of week days\. Fix: write e\.g\./),
      expect.stringMatching(/^flows\/settings\.yaml:3:9: service_hours\.open '9点' is not a time of day\. Fix:/),
      expect.stringMatching(/^flows\/settings\.yaml:5:13: service_hours\.timezone 'Mars\/Base' is not a time zone\. Fix:/),
    ]);
    // marketing staff read them in Chinese (kefu flows check)
    expect(errors.map((e) => renderFlowError(e, 'zh'))).toEqual([
      'flows/settings.yaml:2:9: 服务日（days）写的“周八”看不懂。修改方法：写成 每天、周一至周日、周一至周五 或 周一、周三、周五 这样。',
      "flows/settings.yaml:3:9: 上班时间（open）“9点”不是一个时间。修改方法：写成带引号的“时:分”，例如 '09:00'。",
      'flows/settings.yaml:5:13: 时区（timezone）“Mars/Base”不是一个时区。修改方法：写成 Asia/Shanghai 这样的时区名，或者删掉这一行（用店铺的时区）。',
    ]);
  });

  it('keeps the defaults for the keys a partial settings.yaml leaves out', () => {
    const loaded = loadSettingsFile('flows/settings.yaml', "service_hours: { close: '20:00' }\nhuman_doors: { web: true }\n");
    expect(loaded.value!.service_hours).toEqual({ days: '周一至周日', open: '09:00', close: '20:00' });
    expect(loaded.value!.human_doors).toEqual({ web: true, cli: false });
  });

  it('tells flows whether a human can answer on a door and when', async () => {
    const settings = DEFAULT_FLOW_SETTINGS;
    const night = at('2025-11-20T23:30:00');
    expect(await serviceContext(settings, SH, 'web', at('2025-11-20T10:00:00'))).toEqual({
      open: true,
      humansOnDoor: false,
      humanReachable: false,
      hours: '09:00–22:00',
      days: '周一至周日',
      opensAt: '',
      opensAtClock: '',
      ticketDue: '今天 12:00',
      ticketDueAt: at('2025-11-20T12:00:00'),
    });
    expect(await serviceContext(settings, SH, 'wecom-kf', at('2025-11-20T10:00:00'))).toMatchObject({ humansOnDoor: true, humanReachable: true });
    expect(await serviceContext(settings, SH, 'wecom-kf', night)).toMatchObject({ open: false, humanReachable: false, opensAt: '明天 09:00', opensAtClock: '09:00', ticketDue: '明天 11:00' });
    // An operators' console may answer through its own port (async), e.g. nobody logged in.
    const port = { reachable: async (channel: string) => channel === 'web' };
    expect(await serviceContext(settings, SH, 'web', night, port)).toMatchObject({ humanReachable: true, humansOnDoor: false });
  });
});
