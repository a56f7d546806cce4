/**
 * Redis key names of the outreach subsystem, all under `<prefix>:outreach:`.
 * BullMQ itself uses `<prefix>:bull:<queue>:…` (see queues.ts).
 */
export class OutreachKeys {
  constructor(readonly prefix: string) {}
  private k(...parts: string[]): string {
    return [this.prefix, 'outreach', ...parts].join(':');
  }
  eventSeen(eventId: string): string {
    return this.k('evt', eventId);
  }
  cancelled(jobId: string): string {
    return this.k('cancel', jobId);
  }
  caps(userId: string): string {
    return this.k('cap', userId);
  }
  window(channel: string, userId: string): string {
    return this.k('win', channel, userId);
  }
  windowReservation(key: string): string {
    return this.k('winres', key);
  }
  consent(userId: string, templateId: string): string {
    return this.k('consent', userId, templateId);
  }
  consentReservation(key: string): string {
    return this.k('consentres', key);
  }
  delivery(key: string): string {
    return this.k('idem', key);
  }
}
