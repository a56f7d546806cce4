import type { Logger } from '../core/log';
import type { ConversationRef } from '../core/message';
import type { UserDirectory, UserProfile } from '../core/user';
import { CUSTOMER_ID_PATTERN } from './signed-identity';
import { BadInputError } from '../core/errors';

/** The identity channel that holds the shop's own customer id: `{ channel: 'shop', externalId: '<customer id>' }`. */
export const SHOP_CHANNEL = 'shop';

/** What identity needs of the user database beyond {@link UserDirectory} (TypeormUserDirectory has it). */
export interface IdentityStore extends UserDirectory {
  find(channel: string, externalId: string): Promise<UserProfile | undefined>;
  link(userId: string, channel: string, externalId: string): Promise<UserProfile>;
  merge(intoId: string, fromId: string, options?: { detach?: { channel: string; externalId: string }[] }): Promise<UserProfile>;
}

/** Dependencies of {@link ShopIdentities}. */
export interface ShopIdentitiesDeps {
  /** The user database. */
  store: IdentityStore;
  /** A cache in front of it (resolves repeat turns quickly); `forgetUser` drops merged users from it. @defaultValue store */
  users?: UserDirectory & { forgetUser?(userId: string): void };
  /** Moves outreach caps, consents and windows of a merged-away user (PolicyLedger.mergeUsers). */
  ledger?: { mergeUsers(intoId: string, fromId: string): Promise<void> };
  /**
   * The shop customer behind a WeChat openid (the merchant API's `GET /customers/by-openid/:openid`), undefined when
   * the shop does not know it. Without it WeChat shoppers are linked to customers only through the admin API.
   */
  customerByOpenId?(openid: string, appId?: string): Promise<string | undefined>;
  /** Channels whose `ref.userId` is a WeChat openid. @defaultValue ['wechat-official', 'wechat-mini'] */
  openIdChannels?: readonly string[];
  /** How long "the shop does not know this openid" is remembered, ms. @defaultValue 600000 */
  unknownOpenIdTtlMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * One shopper across doors: maps the shop's customer ids to kefu users and merges what kefu knew of a shopper
 * before it knew who they were (docs/identity.md).
 *
 * - a turn whose ref carries a verified `customerId` (web chat with a signed identity) belongs to that customer's
 *   user; an anonymous visitor that browser was before is merged in (its browser id is detached, so the next
 *   anonymous turn there is a new visitor, never the customer);
 * - a WeChat openid is mapped through the merchant API once, then kept as an identity of the customer's user;
 * - an operator links any channel identity (wechaty contact, openid, unionid) with {@link linkCustomer}.
 *
 * @example
 * const identities = new ShopIdentities({ store: userStore, users, ledger: outreach.ledger });
 * const user = await identities.identify({ channel: 'web', conversationId: 'c1', userId: 'u_browser', customerId: 'C10086' });
 */
export class ShopIdentities {
  private readonly users: UserDirectory & { forgetUser?(userId: string): void };
  private readonly openIdChannels: ReadonlySet<string>;
  private readonly unknownOpenIds = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: ShopIdentitiesDeps) {
    this.users = deps.users ?? deps.store;
    this.openIdChannels = new Set(deps.openIdChannels ?? ['wechat-official', 'wechat-mini']);
    this.now = deps.now ?? Date.now;
  }

  /** The kefu user of a turn (the identify step). */
  async identify(ref: ConversationRef, displayName?: string): Promise<UserProfile> {
    if (ref.customerId) return this.adoptVisitor(ref.customerId, ref.channel, ref.userId, displayName);
    const user = await this.users.resolve(ref.channel, ref.userId, displayName);
    if (!this.openIdChannels.has(ref.channel) || !this.deps.customerByOpenId) return user;
    if (user.identities.some((i) => i.channel === SHOP_CHANNEL)) return user;
    const customerId = await this.lookupOpenId(ref.userId, ref.accountId);
    return customerId ? this.linkCustomer(customerId, ref.channel, ref.userId) : user;
  }

  /** The kefu user of a shop customer, created (isNew) the first time. */
  customerUser(customerId: string, displayName?: string): Promise<UserProfile> {
    checkCustomerId(customerId);
    return this.users.resolve(SHOP_CHANNEL, customerId, displayName);
  }

  /** The kefu user of a shop customer, if kefu knows them. */
  byCustomer(customerId: string): Promise<UserProfile | undefined> {
    checkCustomerId(customerId);
    return this.deps.store.find(SHOP_CHANNEL, customerId);
  }

  /** The shop's customer id of a kefu user, if known. */
  static customerIdOf(user: Pick<UserProfile, 'identities'>): string | undefined {
    return user.identities.find((i) => i.channel === SHOP_CHANNEL)?.externalId;
  }

  /**
   * Link a channel identity to a shop customer: whoever kefu knew behind that identity is merged into the
   * customer's user (history, opt-out, caps and consents move with them). Idempotent.
   */
  async linkCustomer(customerId: string, channel: string, externalId: string): Promise<UserProfile> {
    if (channel === SHOP_CHANNEL)
      throw new BadInputError(
        `'${SHOP_CHANNEL}' is the customer id itself.`,
        'link a channel identity such as wechaty or wechat-official.',
      );
    const customer = await this.customerUser(customerId);
    const before = await this.deps.store.find(channel, externalId);
    const merged = await this.deps.store.link(customer.id, channel, externalId);
    if (before && before.id !== customer.id) await this.afterMerge(customer.id, before.id);
    this.users.forgetUser?.(customer.id);
    return merged;
  }

  /** A verified customer on a door where they may have been an anonymous visitor until now. */
  private async adoptVisitor(customerId: string, channel: string, visitorId: string, displayName?: string): Promise<UserProfile> {
    const customer = await this.customerUser(customerId, displayName);
    const visitor = await this.deps.store.find(channel, visitorId);
    if (!visitor || visitor.id === customer.id) return customer;
    const merged = await this.deps.store.merge(customer.id, visitor.id, { detach: [{ channel, externalId: visitorId }] });
    await this.afterMerge(customer.id, visitor.id);
    this.users.forgetUser?.(customer.id);
    this.deps.logger?.info({ userId: customer.id, merged: visitor.id, channel }, 'anonymous visitor merged into the shop customer');
    return merged;
  }

  private async afterMerge(intoId: string, fromId: string): Promise<void> {
    this.users.forgetUser?.(fromId);
    await this.deps.ledger?.mergeUsers(intoId, fromId);
  }

  private async lookupOpenId(openid: string, appId?: string): Promise<string | undefined> {
    const key = `${appId ?? '-'}:${openid}`;
    const until = this.unknownOpenIds.get(key);
    if (until !== undefined && until > this.now()) return undefined;
    try {
      const customerId = await this.deps.customerByOpenId!(openid, appId);
      if (customerId && CUSTOMER_ID_PATTERN.test(customerId)) return customerId;
    } catch (err) {
      this.deps.logger?.warn({ err }, 'shop customer of a WeChat shopper not looked up; the shopper stays unlinked for now');
    }
    this.rememberUnknown(key);
    return undefined;
  }

  private rememberUnknown(key: string): void {
    this.unknownOpenIds.delete(key);
    this.unknownOpenIds.set(key, this.now() + (this.deps.unknownOpenIdTtlMs ?? 600_000));
    if (this.unknownOpenIds.size > 50_000) this.unknownOpenIds.delete(this.unknownOpenIds.keys().next().value as string);
  }
}

function checkCustomerId(customerId: string): void {
  if (!CUSTOMER_ID_PATTERN.test(customerId)) {
    throw new BadInputError(
      `Shop customer id must be 1–128 visible ASCII characters (got ${customerId.length} characters).`,
      "send the shop's own customer id, e.g. C10086.",
    );
  }
}
