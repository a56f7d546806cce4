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

/** The doors (adapter names) that hand over to human operators, as configured (`human_doors` in settings.yaml). */
export type HumanDoors = Readonly<Record<string, boolean>>;

/**
 * Whether `channel` has human operators at all: its `human_doors` entry, else true (a door kefu does not list,
 * such as a new platform's, is assumed to transfer to the platform's own human service).
 */
export function doorHasHumans(doors: HumanDoors, channel: string): boolean {
  return doors[channel] ?? true;
}

/**
 * The configured availability: a door with human operators (`human_doors`) within service hours.
 *
 * @example
 * const availability = configuredAvailability(() => ({ hours, doors: { web: false } }));
 * availability.reachable('web', Date.now()); // false: no operators on web chat
 */
export function configuredAvailability(config: () => { hours: ServiceHours; doors: HumanDoors }): OperatorAvailability {
  return {
    reachable(channel, now) {
      const { hours, doors } = config();
      return doorHasHumans(doors, channel) && isOpenAt(hours, now);
    },
  };
}
