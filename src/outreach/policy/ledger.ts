import type { Redis } from 'ioredis';
import type { UserProfile } from '../../core/user';
import type { OutreachKind } from '../job-types';
import type { OutreachKeys } from '../keys';
import { DEFAULT_CHANNEL_RULES, type ChannelRule, type InboundAction } from './channel-rules';
import { ChannelWindows } from './channel-windows';
import { SubscriptionConsents } from './consent';
import { ALLOW, block, type PolicyDecision } from './decision';
import { DEFAULT_CAPS, FrequencyCapRule, type FrequencyCaps } from './frequency-cap';
import { optOutRule } from './opt-out';
import { mergeLedgerUsers } from './merge-ledger';
import { DEFAULT_QUIET_HOURS, isValidTimeZone, quietHoursRule, type QuietHours } from './quiet-hours';

/** Settings of the ledger; every field has a default. */
export interface PolicyLedgerOptions {
  redis: Redis;
  keys: OutreachKeys;
  /** Looks up users (opt-out, tags, `attributes.timezone`). */
  users: { get(userId: string): Promise<UserProfile | undefined> };
  caps?: FrequencyCaps;
  /** Kinds counted against the caps. @defaultValue both */
  cappedKinds?: readonly OutreachKind[];
  quietHours?: QuietHours;
  /** Used when the user has no `attributes.timezone`. @defaultValue Asia/Shanghai */
  defaultTimeZone?: string;
  channelRules?: Readonly<Record<string, ChannelRule>>;
}

/** How a reserved send reaches the shopper. */
export interface SendReservation {
  key: string;
  userId: string;
  channel: string;
  kind: OutreachKind;
  via: 'window' | 'subscription';
  subscriptionTemplate?: string;
  /** For presence channels (web): is the shopper connected now? */
  connected?: boolean;
  now: number;
}

/**
 * The one place where every proactive send is checked: opt-out, quiet hours (shopper's time zone),
 * frequency caps, channel windows and quotas, subscription consent. Reads are `check*`; the
 * atomic, idempotent counting right before a send is {@link reserve}.
 *
 * @example
 * const d = await ledger.check('u1', 'wechat-official', 'marketing', Date.now());
 * if (!d.allowed) console.log(d.reason, d.retryAt);
 */
export class PolicyLedger {
  readonly windows: ChannelWindows;
  readonly consents: SubscriptionConsents;
  readonly caps: FrequencyCapRule;
  private readonly quiet: QuietHours;
  private readonly timeZone: string;
  private readonly cappedKinds: readonly OutreachKind[];

  constructor(private readonly options: PolicyLedgerOptions) {
    this.windows = new ChannelWindows(options.redis, options.keys, options.channelRules ?? DEFAULT_CHANNEL_RULES);
    this.consents = new SubscriptionConsents(options.redis, options.keys);
    this.caps = new FrequencyCapRule(options.redis, options.keys, options.caps ?? DEFAULT_CAPS);
    this.quiet = options.quietHours ?? DEFAULT_QUIET_HOURS;
    this.timeZone = options.defaultTimeZone ?? 'Asia/Shanghai';
    this.cappedKinds = options.cappedKinds ?? ['marketing', 'service'];
  }

  /** A shopper action on a channel (opens/resets that window). `userId` is kefu's user id. */
  recordInbound(channel: string, userId: string, action: InboundAction, at = Date.now()): Promise<void> {
    return this.windows.recordInbound(channel, userId, action, at);
  }

  /** A message the bot sent on a channel outside outreach (counts against the window quota). */
  recordOutbound(channel: string, userId: string, at = Date.now()): Promise<PolicyDecision> {
    return this.windows.recordOutbound(channel, userId, at);
  }

  /** The shopper consented to one subscription message of `templateId`. */
  recordConsent(userId: string, templateId: string): Promise<void> {
    return this.consents.recordConsent(userId, templateId);
  }

  /** Everything for one user and channel, read-only. */
  async check(userId: string, channel: string, kind: OutreachKind, now: number, connected?: boolean): Promise<PolicyDecision> {
    const user = await this.options.users.get(userId);
    if (!user) return block('unknown_user');
    const u = await this.checkUser(user, kind, now);
    return u.allowed ? this.checkChannel(user.id, channel, now, connected) : u;
  }

  /** The channel-independent rules: opt-out, quiet hours (retryAt = end of quiet period), caps. */
  async checkUser(user: UserProfile, kind: OutreachKind, now: number): Promise<PolicyDecision> {
    const optOut = optOutRule(user);
    if (!optOut.allowed) return optOut;
    const quiet = quietHoursRule(now, this.timeZoneOf(user), this.quiet);
    if (!quiet.allowed) return quiet;
    return this.cappedKinds.includes(kind) ? this.caps.check(user.id, now) : ALLOW;
  }

  /** The channel rules only (window/quota or presence). */
  async checkChannel(userId: string, channel: string, now: number, connected?: boolean): Promise<PolicyDecision> {
    const rule = this.windows.ruleOf(channel);
    if (rule?.presence && !connected) return block('not_connected');
    return this.windows.check(channel, userId, now);
  }

  /** Atomically re-check and count one send (idempotent per `key`). Releases the cap slot if the channel refuses. */
  async reserve(r: SendReservation): Promise<PolicyDecision> {
    const user = await this.options.users.get(r.userId);
    if (!user) return block('unknown_user');
    const optOut = optOutRule(user);
    if (!optOut.allowed) return optOut;
    if (this.cappedKinds.includes(r.kind)) {
      const cap = await this.caps.reserve(r.userId, r.key, r.now);
      if (!cap.allowed) return cap;
    }
    const channel = await this.reserveChannel(r);
    if (!channel.allowed) await this.caps.release(r.userId, r.key);
    return channel;
  }

  /**
   * Give back everything {@link reserve} took for the send `key` (it reached nobody, e.g. a `start:` flow that did not
   * begin): its cap slot, its channel window's message and its subscription consent, whichever it took. Idempotent.
   */
  async release(r: Pick<SendReservation, 'key' | 'userId' | 'channel' | 'subscriptionTemplate'>): Promise<void> {
    await this.caps.release(r.userId, r.key);
    await this.windows.release(r.channel, r.userId, r.key);
    if (r.subscriptionTemplate) await this.consents.release(r.userId, r.subscriptionTemplate, r.key);
  }

  private async reserveChannel(r: SendReservation): Promise<PolicyDecision> {
    if (r.via === 'subscription') {
      if (r.kind !== 'service' || !r.subscriptionTemplate) return block('no_consent');
      return this.consents.consume(r.userId, r.subscriptionTemplate, r.key);
    }
    const rule = this.windows.ruleOf(r.channel);
    if (rule?.presence && !r.connected) return block('not_connected');
    return this.windows.reserve(r.channel, r.userId, r.key, r.now);
  }

  /**
   * Move `fromId`'s caps, consents and channel windows to `intoId` (the two were merged into one shopper, see
   * {@link mergeLedgerUsers}). Idempotent.
   */
  mergeUsers(intoId: string, fromId: string): Promise<void> {
    const channels = Object.keys(this.options.channelRules ?? DEFAULT_CHANNEL_RULES);
    return mergeLedgerUsers(this.options.redis, this.options.keys, intoId, fromId, channels);
  }

  /** The shopper's time zone (`attributes.timezone`, when valid) or the shop default. */
  timeZoneOf(user: UserProfile): string {
    const tz = user.attributes['timezone'];
    return typeof tz === 'string' && tz && isValidTimeZone(tz) ? tz : this.timeZone;
  }
}
