import { randomUUID } from 'node:crypto';
import type { InboundHandler, Logger } from '../../src/index';
import { normaliseActivity, parseActivity, type Normalised } from './activity-in';
import { requireLocalRequest, requireLoopbackServiceUrl, type RequestOrigin } from './local-origin';
import type { ReferenceStore, StoredReference } from './reference-store';
import type { RequestAuthenticator } from './request-auth';

/** Prefix of the ids kefu makes up for Activities that came without one (never used as replyToId). */
export const LOCAL_ID_PREFIX = 'kefu-';

/** What {@link ActivityIntake} needs. */
export interface IntakeDeps {
  /** Absent: requests are not authenticated (no App ID: the Emulator). */
  auth?: RequestAuthenticator;
  /** Without `auth`: accept only requests from this machine whose serviceUrl is on this machine too (else 401). */
  localOnly: boolean;
  store: ReferenceStore;
  welcomeEvent: string;
  typingAfterMs: number | false;
  /** Sends a typing Activity into the conversation (failures are the caller's to log). */
  typing(reference: StoredReference, replyToId?: string): Promise<void>;
  log: Logger;
  now: () => number;
}

/**
 * One request at the messaging endpoint: token (when an App ID is set; without one, in `localOnly` mode, the caller's
 * address) before anything is parsed, then the Activity, its serviceUrl against the token (or loopback), dedupe by Activity id (channels retry), the conversation reference kept for
 * later, and the turn, with a typing indicator when it takes a while. A failed turn un-marks the id so a retry runs.
 *
 * @example
 * await intake.take(body, { authorization, remoteAddress: request.socket.remoteAddress, proxied: false }, handler);
 */
export class ActivityIntake {
  constructor(private readonly deps: IntakeDeps) {}

  async take(body: string, origin: RequestOrigin, handler: InboundHandler): Promise<void> {
    const { auth, store, log } = this.deps;
    const localOnly = !auth && this.deps.localOnly;
    const token = auth ? await auth.verify(origin.authorization) : undefined;
    if (localOnly) requireLocalRequest(origin);
    const activity = parseActivity(body);
    if (auth && token) auth.checkActivity(token, activity);
    if (localOnly) requireLoopbackServiceUrl(activity.serviceUrl);
    const id = activity.id ?? `${LOCAL_ID_PREFIX}${randomUUID()}`;
    const taken = normaliseActivity(activity, this.deps.welcomeEvent, this.deps.now(), id);
    if (taken.length === 0) {
      log.debug({ type: activity.type, channelId: activity.channelId }, 'botframework activity ignored (nothing for a turn)');
      return;
    }
    const channelId = taken[0]!.reference.channelId;
    const conversationId = taken[0]!.reference.conversation.id;
    if (activity.id && !(await store.firstSight(channelId, conversationId, activity.id))) {
      log.info({ channelId, activityId: activity.id }, 'botframework activity seen before (channel retry): skipped');
      return;
    }
    try {
      for (const item of taken) await this.run(item, handler);
    } catch (err) {
      if (activity.id) await store.unsee(channelId, conversationId, activity.id).catch(() => undefined);
      throw err;
    }
  }

  private async run({ message, reference }: Normalised, handler: InboundHandler): Promise<void> {
    await this.deps.store.save(reference);
    const replyTo = message.id.startsWith(LOCAL_ID_PREFIX) ? undefined : message.id.split('#')[0];
    const after = message.kind === 'event' ? false : this.deps.typingAfterMs;
    const typing = (): void =>
      void this.deps.typing(reference, replyTo).catch((err: unknown) => this.deps.log.warn({ err }, 'botframework typing not sent'));
    if (after === 0) typing();
    const timer = typeof after === 'number' && after > 0 ? setTimeout(typing, after) : undefined;
    try {
      await handler(message);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
