import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, KefuError } from '../core/errors';
import type { UserDirectory, UserProfile } from '../core/user';
import { ChannelIdentityEntity } from './entities/channel-identity.entity';
import { UserEntity } from './entities/user.entity';
import { selectOne } from './plain-reads';
import { insertRows, updateById } from './plain-writes';
import { isRetryableConflict, isUniqueViolation, StoreRunner } from './store-runner';
import { toUserProfile } from './user-mapping';
import { moveUserRows } from './move-user-rows';
import { recountOrders } from './typeorm-order-ledger';
import { applyMergeRules } from './user-merge-rules';

/** Options of {@link TypeormUserDirectory.merge}. */
export interface MergeOptions {
  /** Identities of the merged-away user to delete rather than move (e.g. an anonymous web visitor's browser id). */
  detach?: { channel: string; externalId: string }[];
}

/** The fields {@link TypeormUserDirectory.update} may change. */
export type UserPatch = Parameters<UserDirectory['update']>[1];

const MAX_ATTEMPTS = 4;

/**
 * {@link UserDirectory} over typeorm. `resolve` creates the user and its first channel
 * identity in one transaction; when two processes create the same identity at once, the
 * unique index on `(channel, external_id)` rejects the second, which then reads the winner.
 *
 * @example
 * const users = new TypeormUserDirectory(dataSource);
 * const u = await users.resolve('web', 'browser-1', '小王'); // isNew: true the first time
 */
export class TypeormUserDirectory implements UserDirectory {
  private readonly runner: StoreRunner;

  constructor(
    store: DataSource | StoreRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async resolve(channel: string, externalId: string, displayName?: string): Promise<UserProfile> {
    checkIdentity(channel, externalId);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        // one transaction: a new identity's failed insert rolls back the look-up too, which changed nothing
        return await this.runner.transaction(
          async (em) => (await this.touch(em, channel, externalId, displayName)) ?? this.create(em, channel, externalId, displayName),
        );
      } catch (err) {
        if (!isUniqueViolation(err) && !isRetryableConflict(err)) throw err;
        lastError = err; // someone else created it first: read theirs on the next attempt
      }
    }
    throw new KefuError(
      'USER_RESOLVE_CONFLICT',
      `Could not resolve the user for ${channel} identity after ${MAX_ATTEMPTS} attempts.`,
      'the database kept reporting conflicts; check its health and retry the message.',
      { cause: lastError },
    );
  }

  /** Ids of every user tagged `tag`, streamed page by page (for campaign segments). */
  async *idsWithTag(tag: string, pageSize = 1000): AsyncGenerator<string> {
    const needle = `%${JSON.stringify(tag).replace(/[!%_]/g, (c) => `!${c}`)}%`; // '!' escapes LIKE wildcards on every database
    for (let after = ''; ;) {
      const rows = await this.runner.read((em) =>
        em
          .createQueryBuilder(UserEntity, 'u')
          .select('u.id', 'id')
          .where("u.tags LIKE :needle ESCAPE '!'", { needle })
          .andWhere('u.id > :after', { after })
          .orderBy('u.id', 'ASC')
          .limit(pageSize)
          .getRawMany<{ id: string }>(),
      );
      for (const row of rows) yield row.id;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async get(userId: string): Promise<UserProfile | undefined> {
    const user = await this.runner.read((em) => loadUser(em, userId));
    return user ? toUserProfile(user) : undefined;
  }

  /** Changes profile fields. `attributes` are merged into the stored ones; `tags` replace the list. */
  async update(userId: string, patch: UserPatch): Promise<UserProfile> {
    return this.runner.transaction(async (em) => {
      const user = await loadUser(em, userId, !this.runner.serial);
      if (!user) throw userNotFound(userId);
      const changes: Partial<UserEntity> = {};
      if (patch.attributes) changes.attributes = { ...user.attributes, ...patch.attributes };
      if (patch.tags) changes.tags = [...new Set(patch.tags)];
      if (patch.isNew !== undefined) changes.isNew = patch.isNew;
      if (patch.optedOut !== undefined) changes.optedOut = patch.optedOut;
      if (patch.displayName !== undefined) changes.displayName = patch.displayName || null;
      // only the changed columns, in one plain UPDATE (em.save read the row again and diffed every column)
      await updateById(em, UserEntity, userId, changes);
      return toUserProfile(Object.assign(user, changes));
    });
  }

  /** The user behind a channel identity, without creating one. */
  async find(channel: string, externalId: string): Promise<UserProfile | undefined> {
    const identity = await this.runner.read((em) => em.findOne(ChannelIdentityEntity, { where: { channel, externalId } }));
    return identity ? this.get(identity.userId) : undefined;
  }

  /**
   * Attaches another channel identity to an existing user (e.g. the shopper logged in on
   * the web with the account they use on WeChat). If the identity already belongs to
   * another user, that user is merged into `userId` (see {@link merge}). Idempotent.
   */
  async link(userId: string, channel: string, externalId: string): Promise<UserProfile> {
    checkIdentity(channel, externalId);
    let otherId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        otherId = await this.runner.transaction(async (em) => {
          if (!(await loadUser(em, userId))) throw userNotFound(userId);
          const identity = await em.findOne(ChannelIdentityEntity, { where: { channel, externalId } });
          if (identity) return identity.userId === userId ? undefined : identity.userId;
          await em.insert(ChannelIdentityEntity, { channel, externalId, userId, createdAt: this.clock() });
          return undefined;
        });
        break;
      } catch (err) {
        // Someone attached the identity at the same moment: read theirs on the next attempt.
        if (attempt + 1 >= MAX_ATTEMPTS || (!isUniqueViolation(err) && !isRetryableConflict(err))) throw err;
      }
    }
    if (otherId) return this.merge(userId, otherId);
    return (await this.get(userId)) as UserProfile;
  }

  /**
   * Merges user `fromId` into `intoId` in one transaction: identities and every row that belongs to `fromId`
   * (conversations, messages, outreach log, records, tickets, orders, …) move over, the profiles are combined by
   * {@link applyMergeRules}, and `fromId` is deleted. Identities listed in `detach` are deleted instead of moved
   * (a web visitor's browser id is not proof of who types next). Both users are locked first, in id order, so two
   * merges racing each other run one after the other; merging a user that is already gone returns `intoId` as it is.
   */
  async merge(intoId: string, fromId: string, options: MergeOptions = {}): Promise<UserProfile> {
    if (intoId === fromId) throw new BadInputError('Cannot merge a user into itself.', 'pass two different user ids.');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runner.transaction((em) => this.mergeIn(em, intoId, fromId, options));
      } catch (err) {
        if (attempt + 1 >= MAX_ATTEMPTS || !isRetryableConflict(err)) throw err;
      }
    }
  }

  private async mergeIn(em: EntityManager, intoId: string, fromId: string, options: MergeOptions): Promise<UserProfile> {
    const lock = !this.runner.serial;
    const byId = new Map<string, UserEntity | null>();
    for (const id of [intoId, fromId].sort()) byId.set(id, await loadUser(em, id, lock));
    const [into, from] = [byId.get(intoId), byId.get(fromId)];
    if (!into) throw userNotFound(intoId);
    if (!from) return toUserProfile(into); // merged already (a retry, or another process won the race)
    for (const gone of options.detach ?? []) {
      await em.delete(ChannelIdentityEntity, { userId: fromId, channel: gone.channel, externalId: gone.externalId });
    }
    await em.update(ChannelIdentityEntity, { userId: fromId }, { userId: intoId });
    await moveUserRows(em, fromId, intoId);
    applyMergeRules(into, from);
    await em.save(UserEntity, stripRelations(into));
    await em.delete(UserEntity, { id: fromId });
    await recountOrders(em, intoId); // the order summary from the moved order rows, not from two summaries added up
    return toUserProfile((await loadUser(em, intoId)) as UserEntity);
  }

  private async touch(em: EntityManager, channel: string, externalId: string, displayName?: string): Promise<UserProfile | undefined> {
    const identity = await selectOne(em, ChannelIdentityEntity, { channel, externalId });
    if (!identity) return undefined;
    const changes: Partial<UserEntity> = { lastSeenAt: this.clock() };
    if (displayName) changes.displayName = displayName;
    await updateById(em, UserEntity, identity.userId, changes);
    const user = await loadUser(em, identity.userId);
    return user ? toUserProfile(user) : undefined;
  }

  private async create(em: EntityManager, channel: string, externalId: string, displayName?: string): Promise<UserProfile> {
    const now = this.clock();
    const user: UserEntity = Object.assign(new UserEntity(), {
      id: randomUUID(),
      displayName: displayName || null,
      isNew: true,
      attributes: {},
      tags: [],
      optedOut: false,
      createdAt: now,
      lastSeenAt: now,
      orderCount: 0, // plain inserts write every column they are given and nothing else (no defaults read back)
    });
    await insertRows(em, UserEntity, [user]);
    const identity = Object.assign(new ChannelIdentityEntity(), { channel, externalId, userId: user.id, createdAt: now });
    await insertRows(em, ChannelIdentityEntity, [identity]);
    return toUserProfile(Object.assign(user, { identities: [identity] })); // what was just written: no read back
  }
}

async function loadUser(em: EntityManager, id: string, forUpdate = false): Promise<UserEntity | null> {
  if (forUpdate) {
    // Lock the user row first (no joins: some databases refuse FOR UPDATE with outer joins).
    const locked = await em.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!locked) return null;
  }
  // find, not findOne: findOne with a relation runs a second DISTINCT query to apply its LIMIT 1 (ids are unique)
  const [user] = await em.find(UserEntity, { where: { id }, relations: { identities: true } });
  return user ?? null;
}

function stripRelations(user: UserEntity): UserEntity {
  const { identities: _identities, ...rest } = user;
  return Object.assign(new UserEntity(), rest);
}

function checkIdentity(channel: string, externalId: string): void {
  if (!channel || channel.length > 64) {
    throw new BadInputError(`Channel name must be 1–64 characters (got ${channel.length}).`, 'use the adapter name, e.g. "web".');
  }
  if (!externalId || externalId.length > 191) {
    throw new BadInputError(
      `Channel user id must be 1–191 characters (got ${externalId.length}).`,
      'pass the platform id of the shopper (open id, contact id, browser id).',
    );
  }
}

function userNotFound(userId: string): KefuError {
  return new KefuError(
    'USER_NOT_FOUND',
    `No user with id '${userId}'.`,
    'resolve the user from a channel identity first, or check the id.',
  );
}
