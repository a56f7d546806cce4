import type { FlowSettings } from '../types';
import { configuredAvailability, doorDesk, type OperatorAvailability } from './operator-availability';
import { addServiceMinutes, compileServiceHours, isOpenAt, nextOpening, type ServiceHours } from './service-hours';
import { clockText, relativeTimeText } from './zoned-time';

/**
 * What flows see as `service.*` (templates and conditions): whether a human can answer now and when one will.
 *
 * ```yaml
 * - if: service.humanReachable        # hand over
 * - say: 人工客服 {{ service.hours }} 在线，{{ service.opensAt }} 上线后第一时间回复您
 * ```
 */
export interface ServiceContext {
  /** Within service hours now. */
  open: boolean;
  /**
   * This door (channel) hands over to the platform's own human desk (settings `human_doors: true`), which keeps the
   * conversation even outside service hours. A door answered in kefu's console (`console`) has humans only while one is
   * online (`humanReachable`); otherwise its shoppers leave a message.
   */
  humansOnDoor: boolean;
  /** A human can answer on this door now (the OperatorAvailability port; by default humansOnDoor and open). */
  humanReachable: boolean;
  /** `09:00–22:00`. */
  hours: string;
  /** `周一至周日`, as in settings. */
  days: string;
  /** When service next begins, e.g. `明天 09:00`; '' while open. */
  opensAt: string;
  /** The clock time of that, e.g. `09:00`; '' while open. */
  opensAtClock: string;
  /** When staff will have answered a message taken now (settings `ticket_reply_minutes` of service time), e.g. `明天 11:00`. */
  ticketDue: string;
  /** The same as ms since epoch. */
  ticketDueAt: number;
}

const compiled = new WeakMap<FlowSettings, ServiceHours>();

/** The settings' service hours, parsed once per settings object (a reload brings a new one). */
export function serviceHoursOf(settings: FlowSettings, defaultTimeZone: string): ServiceHours {
  let hours = compiled.get(settings);
  if (!hours || (settings.service_hours.timezone === undefined && hours.timeZone !== defaultTimeZone)) {
    hours = compileServiceHours(settings.service_hours, defaultTimeZone);
    compiled.set(settings, hours);
  }
  return hours;
}

/**
 * The `service` context of one turn on `channel` at `now`. Without an `availability` port, a human is reachable on
 * a door with operators within service hours.
 *
 * @example
 * const service = await serviceContext(bundle.settings, 'Asia/Shanghai', 'web', Date.now());
 * service.humanReachable; // false: web chat has no operators (human_doors.web: false)
 */
export async function serviceContext(
  settings: FlowSettings,
  defaultTimeZone: string,
  channel: string,
  now: number,
  availability?: OperatorAvailability,
): Promise<ServiceContext> {
  const hours = serviceHoursOf(settings, defaultTimeZone);
  const open = isOpenAt(hours, now);
  const configured = configuredAvailability(() => ({ hours, doors: settings.human_doors }));
  let humanReachable: boolean;
  try {
    humanReachable = await (availability ?? configured).reachable(channel, now);
  } catch {
    // A plugged-in availability service that fails must not break the turn: fall back to the configured doors and hours.
    humanReachable = await configured.reachable(channel, now);
  }
  // The next opening and the ticket due time walk days of service windows: worked out only when a flow reads them
  // (a handoff), not on every turn.
  const opening = once(() => (open ? undefined : nextOpening(hours, now)));
  const dueAt = once(() => addServiceMinutes(hours, now, settings.ticket_reply_minutes));
  return {
    open,
    humansOnDoor: doorDesk(settings.human_doors, channel) === 'platform',
    humanReachable,
    hours: hours.hoursText,
    days: hours.daysText,
    get opensAt() {
      const at = opening();
      return at === undefined ? '' : relativeTimeText(at, now, hours.timeZone);
    },
    get opensAtClock() {
      return opening() === undefined ? '' : clockText(hours.openMinute);
    },
    get ticketDue() {
      return relativeTimeText(dueAt(), now, hours.timeZone);
    },
    get ticketDueAt() {
      return dueAt();
    },
  };
}

/** `fn`'s value, worked out on the first call only. */
function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [fn(), true];
    return value;
  };
}
