import { configuredAvailability, doorDesk, type HumanDoors, type OperatorAvailability } from '../flows/service/operator-availability';
import type { ServiceHours } from '../flows/service/service-hours';

/**
 * Human availability with kefu's console: a door answered in the console (`human_doors: { web: console }`) has a
 * human when an operator is online in the agent inbox (whatever the service hours say: someone is there); the other
 * doors follow the configured doors and service hours.
 *
 * @example
 * const availability = deskAvailability(() => presence.countCached(Date.now()), () => ({ hours, doors }));
 * new FlowEngine({ ...options, availability });
 */
export function deskAvailability(
  onlineOperators: (now: number) => Promise<number>,
  config: () => { hours: ServiceHours; doors: HumanDoors },
): OperatorAvailability {
  const configured = configuredAvailability(config);
  return {
    async reachable(channel, now) {
      if (doorDesk(config().doors, channel) !== 'console') return configured.reachable(channel, now);
      return (await onlineOperators(now)) > 0;
    },
  };
}
