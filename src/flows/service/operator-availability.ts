import { isOpenAt, type ServiceHours } from './service-hours';

/**
 * Whether a human operator can answer a shopper on a door (channel) right now. The flow engine asks it on every
 * turn and shows the answer to flows as `service.humanReachable`; the handoff flow takes a message (工单) instead of
 * handing over when it is false. kefu's default ({@link configuredAvailability}) reads flows/settings.yaml; an
 * operators' console can plug in live agent presence instead.
 *
 * @example
 * const availability: OperatorAvailability = { reachable: (channel) => channel === 'wecom-kf' };
 * new FlowEngine({ ...options, availability });
 */
export interface OperatorAvailability {
  reachable(channel: string, now: number): boolean | Promise<boolean>;
}

/**
 * How a door (adapter name) hands over to humans, as configured (`human_doors` in settings.yaml): `console`: operators
 * answer in kefu's own console (the agent inbox); `true`: the platform's own human service takes the conversation
 * (公众号客服 transfer, 微信客服 waiting pool, the account owner on a personal WeChat); `false`: no humans (a message is left).
 */
export type HumanDoors = Readonly<Record<string, boolean | 'console'>>;

/** Where a door's handoffs go: kefu's console, the platform's own desk, or nowhere. */
export type DoorDesk = 'console' | 'platform' | 'none';

/** `channel`'s desk: its `human_doors` entry; a door kefu does not list (a new platform's) goes to the platform's desk. */
export function doorDesk(doors: HumanDoors, channel: string): DoorDesk {
  const value = doors[channel] ?? true;
  return value === 'console' ? 'console' : value ? 'platform' : 'none';
}

/** Whether `channel` has human operators at all (see {@link doorDesk}). */
export function doorHasHumans(doors: HumanDoors, channel: string): boolean {
  return doorDesk(doors, channel) !== 'none';
}

/**
 * The configured availability: a door handed to the platform's desk (`human_doors: true`) within service hours. A door
 * answered in kefu's console has nobody known to be online here (the console's live presence plugs in through
 * src/desk/desk-availability.ts), so its handoffs take a message.
 *
 * @example
 * const availability = configuredAvailability(() => ({ hours, doors: { web: false } }));
 * availability.reachable('web', Date.now()); // false: no operators on web chat
 */
export function configuredAvailability(config: () => { hours: ServiceHours; doors: HumanDoors }): OperatorAvailability {
  return {
    reachable(channel, now) {
      const { hours, doors } = config();
      return doorDesk(doors, channel) === 'platform' && isOpenAt(hours, now);
    },
  };
}
